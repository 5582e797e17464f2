"""The six label keys of shared/domain.md: a public contract used by the API, data and evaluation."""

LABELS = (
    "blame_shifting",
    "generic",
    "missing_steps",
    "minimizing",
    "self_focus",
    "forgiveness_pressure",
)
HEADLINE = LABELS[:3]

CONTEXTS = ("partner", "family", "friend", "workplace", "customer", "public", "online", "other")

# One plain-language line per dimension, shown beside its meter.
EXPLANATIONS = {
    "blame_shifting": "Moves responsibility off you: onto them, their reaction, circumstances, or a hidden agent.",
    "generic": "Never says what you actually did; the apology could fit any situation.",
    "missing_steps": "Offers no concrete repair or prevention step that someone could check happened.",
    "minimizing": "Plays down the harm or suggests their reaction is excessive.",
    "self_focus": "Your own pain or shame takes over, so they end up comforting you.",
    "forgiveness_pressure": "Pushes them to forgive or close the topic on your timeline.",
}

TITLES = {
    "blame_shifting": "Blame shifting",
    "generic": "Generic",
    "missing_steps": "Missing steps",
    "minimizing": "Minimizing",
    "self_focus": "Self focus",
    "forgiveness_pressure": "Forgiveness pressure",
}
