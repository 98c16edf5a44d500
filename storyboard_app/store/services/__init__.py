"""The plan's `projectRedesign` CRUD as Qt-free services; each method is one unit of work."""

from storyboard_app.store.services.costs import CostService
from storyboard_app.store.services.images import ImageService
from storyboard_app.store.services.projects import ProjectService
from storyboard_app.store.services.scenes import SceneService
from storyboard_app.store.services.search import SearchService
from storyboard_app.store.services.storyboard import StoryboardService

__all__ = [
    "CostService",
    "ImageService",
    "ProjectService",
    "SceneService",
    "SearchService",
    "StoryboardService",
]
