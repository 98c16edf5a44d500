"""The storyboard timeline: cards, animation, playback, the final-video dialog."""
