"""Before a round or an animation: what would run, what it should cost, and the budget.

Nothing here writes a row or talks to the network: `generate --dry-run` and the Generate
button's tooltip use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from storyboard_app.domain.enums import VARIANTS_PER_ROUND
from storyboard_app.domain.limits import clean_prompt
from storyboard_app.generation.look import choose_purpose, read_look
from storyboard_app.generation.offline_provider import MODEL as OFFLINE_MODEL
from storyboard_app.generation.pricing import PriceTable, format_usd, video_seconds_of
from storyboard_app.generation.provider_choice import REPLICATE
from storyboard_app.settings import Settings
from storyboard_app.store.open_store import Store
from storyboard_app.store.services.images import require_refinable


@dataclass(frozen=True)
class RoundPlan:
    """The round `generate` would start, and its estimated cost (None: unknown)."""

    shot_id: int
    iteration_number: int
    prompt: str
    parent_image_id: int | None
    provider: str
    model: str
    variants: int
    estimate_usd: float | None

    def lines(self) -> list[str]:
        source = (
            f"refining image {self.parent_image_id}" if self.parent_image_id else "from the prompt"
        )
        return [
            f"Shot {self.shot_id}, round {self.iteration_number}: {self.variants} variants "
            f"{source}",
            f"  prompt:   {self.prompt}",
            f"  provider: {self.provider} ({self.model})",
            f"  estimate: {format_usd(self.estimate_usd)}",
        ]


def model_for(settings: Settings, purpose: str, provider: str) -> str:
    return settings.models[purpose].model if provider == REPLICATE else OFFLINE_MODEL


def preview_round(
    store: Store,
    settings: Settings,
    shot_id: int,
    *,
    provider: str,
    prompt: str | None = None,
    parent_image_id: int | None = None,
    prices: PriceTable | None = None,
) -> RoundPlan:
    """The round that would be planned (validated as planning does), without writing it."""
    shot = store.scenes.get_shot(shot_id)
    parent = None
    if parent_image_id is not None:
        parent = store.images.get(parent_image_id)
        require_refinable(
            parent_image_id,
            shot_id,
            parent_shot_id=parent.shot_id,
            status=parent.status,
            storage_id=parent.image_storage_id,
        )
    if prompt is None:
        prompt = parent.iteration_prompt if parent else shot.initial_prompt
    prompt = clean_prompt(prompt, required=True)
    look = read_look(store, shot, prompt)  # an unknown @mention is refused here too
    purpose = choose_purpose(look, has_parent=parent is not None)  # as the engine chooses
    model = model_for(settings, purpose, provider)
    latest = store.images.latest_iteration(shot_id)
    table = prices or settings.price_table()
    return RoundPlan(
        shot_id=shot_id,
        iteration_number=0 if latest is None else latest + 1,
        prompt=prompt,
        parent_image_id=parent_image_id,
        provider=provider,
        model=model,
        variants=VARIANTS_PER_ROUND,
        estimate_usd=table.estimate(model, count=VARIANTS_PER_ROUND),
    )


def animation_estimate(settings: Settings, provider: str, count: int) -> float | None:
    """What `count` animations with the configured model should cost (None: unknown)."""
    model = model_for(settings, "image_to_video", provider)
    seconds = video_seconds_of(settings.models["image_to_video"].input_template)
    return settings.price_table().estimate(model, count=count, video_seconds=seconds)


def animation_estimate_text(settings: Settings, provider: str) -> str:
    """One line for the Animate buttons: what one clip should cost with the configured model."""
    model = model_for(settings, "image_to_video", provider)
    usd = animation_estimate(settings, provider, 1)
    return f"Estimated cost per clip: {format_usd(usd)} ({model})"


@dataclass(frozen=True)
class BudgetCheck:
    """This month's known spend against the monthly budget, with the next job's estimate."""

    budget_usd: float | None
    spent_usd: float
    estimate_usd: float | None

    @property
    def over(self) -> bool:
        """True when the job would pass the budget (an unknown estimate cannot say so)."""
        if self.budget_usd is None or self.estimate_usd is None:
            return False
        return self.spent_usd + self.estimate_usd > self.budget_usd

    def message(self) -> str:
        return (
            f"This would pass the monthly budget of {format_usd(self.budget_usd)}: "
            f"{format_usd(self.spent_usd)} spent this month + about "
            f"{format_usd(self.estimate_usd)} for this job."
        )


def month_start(now: datetime | None = None) -> datetime:
    now = now or datetime.now(UTC)
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def check_budget(store: Store, settings: Settings, estimate_usd: float | None) -> BudgetCheck:
    """Read this month's spend (one query) when a budget is set."""
    if settings.monthly_budget_usd is None:
        return BudgetCheck(None, 0.0, estimate_usd)
    spent = store.costs.spent_since(month_start())
    return BudgetCheck(settings.monthly_budget_usd, spent, estimate_usd)
