"""The step detector reads repairs in the forms real writers use, and not the offence itself."""

import pytest

from models.featurizer import _steps
from models.parsed import Parsed


def steps(nlp, text):
    concrete, _, vague = _steps(Parsed(nlp(text)), set())
    return concrete, vague


@pytest.mark.parametrize("text", [
    "We've refunded the $40 to your card.",
    "This PR reverts #1180.",
    "1.8.1 reverts the change to the default serializer.",
    "I emailed the landlord this morning with photos of the mould.",
    "The post is deleted and the corrected invoices are attached.",
    "I'll pay for the cleaning of the carpet.",
    "Fixed the off-by-one in paginate(). Sorry, that was my refactor.",
    "Took down my post mocking your benchmark.",
    "I merged without waiting for CI and rolled it back in 1c9e2f4.",
    "Block lifted, and the log is annotated.",
    "The issues the bot closed have all been reopened.",
])
def test_repair_counts_as_a_step(nlp, text):
    assert steps(nlp, text)[0] >= 1


@pytest.mark.parametrize("text", [
    "I posted the photo of your kids.",
    "I deleted your branch without asking.",
    "The customer data was exposed.",
    "This is my fault.",
    "We will do better.",
    "Deleted your branch by accident, sorry.",
    "Sorry, I set up the CLA bot and it closed your PR.",
])
def test_offence_or_vague_promise_is_not_a_step(nlp, text):
    assert steps(nlp, text)[0] == 0


def test_vague_promise_is_counted_as_vague(nlp):
    assert steps(nlp, "We will do better and we will learn from this.")[1] >= 1
