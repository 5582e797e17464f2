"""Evidence rules: spaCy Matcher patterns and parse-tree checks with stable rule ids.

Each hit is both a feature for the classifiers and, when its dimension is flagged, a
piece of evidence shown to the person. Rule ids are a public contract (docs/rules.md).
Patterns are written in a small notation so they read as data:

    "sorry|apologize ~ ~ if"   one token per word; `a|b` is any of the words (lower case),
                               `word?` is optional, `~` is one optional non-punctuation
                               token, `NUM` a number-like token, `VBN` a past participle.
"""

from dataclasses import dataclass

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from models.matching import PatternIndex
from models.parsed import Parsed

APOLOGY = "sorry|apologize|apologise|apologies|apology|apologizing|apologising|regret"
NEG = "n't|not|nt|never"
SELF = "i|we"
FUTURE = "'ll|ll|will|shall|am|'m|m|are|'re"


@dataclass(frozen=True)
class Rule:
    """A named pattern family for one dimension; `fix` tells the rewrite module what to do."""

    rule_id: str
    dimension: str  # one of the six labels, or "step" for signs of a concrete repair step
    message: str
    fix: str  # own | drop_clause | activate | placeholder | drop_sentence | trim | none
    patterns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    """One rule match, as character offsets into the parsed text."""

    rule_id: str
    dimension: str
    start: int  # character offset
    end: int
    token_start: int


RULES = (
    Rule(
        "BS_CONDITIONAL_APOLOGY", "blame_shifting",
        "A conditional apology ('sorry if…') doubts that you did harm. Say what you did.",
        "own",
        (f"{APOLOGY} ~ ~ if|whether", "if|whether anyone|anybody|someone|you|people|i ~ was|were|felt|got|am|'m|have|hurt|upset|offended",
         "to anyone|those|anybody|everyone|people who ~ ~ ~ was|were|felt|been|got|found ~ offended|hurt|upset|harmed|affected|disappointed|offensive|hurtful",
         "anyone|anybody|those|whoever ~ who? may|might have? been|felt offended|hurt|upset|harmed"),
    ),
    Rule(
        "BS_REACTION_BLAME", "blame_shifting",
        "This apologises for their reaction, not for what you did.",
        "own",
        (f"{APOLOGY} that? you|u feel|felt|were|are|'re|got|took|take|see|saw|perceived|found|misunderstood|misread|thought|think|believe|believed|interpreted|read|heard",
         f"{APOLOGY} that? it upset|offended|bothered|hurt|came",
         "you|u took|take|taking it the? wrong|personally|badly|way",
         "you|u misunderstood|misread|misinterpreted|overheard"),
    ),
    Rule(
        "BS_EXCUSE_CLAUSE", "blame_shifting",
        "An excuse inside the apology ('…, but I was…') takes back the ownership.",
        "drop_clause",
    ),
    Rule(
        "BS_CIRCUMSTANCES", "blame_shifting",
        "Circumstances offered as the reason read as an excuse. Own the act first.",
        "drop_clause",
        ("i|we was|were|'ve|ve|have|had been? so|really|just|super|completely|totally|very? busy|tired|exhausted|swamped|slammed|stressed|overwhelmed|sick|distracted|rushed|drunk|buried|sleep-deprived|jetlagged",
         "work|things|life|everything|traffic|it has|'s|s|had|have|was|been ~ crazy|insane|hectic|chaotic|nuts|mad|busy|brutal|overwhelming",
         "nobody|no one|noone told|said|reminded|warned|informed",
         "i|we was|were n't|not told|informed|warned|reminded",
         "i|we had no idea|clue",
         "because of the traffic|weather|system|storm|vendor|supplier|team",
         "my phone|battery|alarm|car died|broke|was|did ~",
         "got|get|gets in the way",
         "i|we was|were|wasn't|n't never? not? notified|aware|informed|told",
         "due to|because of circumstances|reasons|factors|issues|an|a|the ~ beyond|outside|out of our|my control",
         "beyond|outside our|my control",
         "due to a|an|the|some|our|their ~ ~ error|mistake|issue|problem|glitch|bug|fault|mix-up|oversight|miscommunication|confusion|delay",
         "our|the|my courier|partner|vendor|supplier|contractor|provider|system|team|manager|boss|colleague has|have|had ~ informed|told|said|reported"),
    ),
    Rule(
        "BS_INTENT_OVER_IMPACT", "blame_shifting",
        "Talking about your intentions or character puts them in place of the impact.",
        "drop_clause",
        (f"did|do|never {NEG}? mean|meant|intend|intended to?",
         f"was|is|'s|s|were {NEG} my|our intention|intent",
         f"was|is|'s|were|wasnt {NEG}? intentional|deliberate|on purpose",
         f"that|this|it 's|s|is {NEG} who i|we am|are|really",
         f"not|n't|nt who|how i|we really? am|are",
         f"do|does|did {NEG} represent|reflect who|what|my|our|me|us",
         "inconsistent|incompatible|at odds with our|my values|character",
         "i|we would never intentionally|deliberately|knowingly",
         "it|this|that was|were|is supposed|meant to be|as a|an ~ compliment|joke|kindness|favour|favor|help|gesture|tribute",
         "i|we would never ~ hurt|harm|upset|offend"),
    ),
    Rule(
        "BS_HIDDEN_AGENT", "blame_shifting",
        "A passive with nobody doing it ('mistakes were made') hides who was responsible.",
        "activate",
    ),
    Rule(
        "BS_BLAMES_THEM", "blame_shifting",
        "This puts the responsibility on them.",
        "drop_clause",
        ("you|u made|make me",
         "if you|u had|hadn't|'d|d|had n't|not|just|would",
         "you|u should|could|might have|'ve ~ told|asked|reminded|said|checked|warned|mentioned",
         "your|ur own? fault",
         "you|u know how|what i|it|the|this|that"),
    ),
    Rule(
        "BS_HEDGED_HARM", "blame_shifting",
        "'Any offence this may have caused' hedges whether harm happened at all.",
        "own",
        ("any|whatever offense|offence|hurt|harm|upset|distress|pain|discomfort|concern|confusion|frustration it|this|that|my|our|i|we|which|they ~ may|might|could|have|has ~ caused|created|brought",
         "if any|anyone|anybody|someone ~ was|were|felt ~ hurt|offended|upset|harmed",
         "whatever i|we did|said"),
    ),
    Rule(
        "GEN_BOILERPLATE", "generic",
        "This could fit any apology. Name what you did and how it affected them.",
        "placeholder",
        (f"{APOLOGY} for|about everything|that|this|it|all",
         f"{APOLOGY} for|about any|the inconvenience|trouble|confusion|issues|problems|frustration|disruption",
         f"{APOLOGY} for|about what|whatever happened|i|we did|was said",
         f"{APOLOGY} for|about my|our actions|behavior|behaviour|words|comments|mistakes|conduct|mistake|part|actions",
         f"{APOLOGY} for|about the situation|incident|matter|mix-up|mixup|issue|misunderstanding|events",
         f"{APOLOGY} for|about all of this|that|it",
         "my bad",
         "we hear you",
         "any inconvenience"),
    ),
    Rule(
        "GEN_VAGUE_REFERENCE", "generic",
        "This refers to what happened without saying it. Name the act itself.",
        "none",
        ("my|our|these|those|the|such actions|behavior|behaviour|conduct|choices|decisions|remarks|words|comments|mistake|mistakes|error|errors|lapse|misstep|missteps",
         "what|whatever happened|occurred|transpired",
         "what|whatever i|we did|said|wrote|posted",
         "the|this|that situation|incident|events|matter|episode|controversy",
         "a|an|the|this|my|our mistake|error|misstep|lapse in judgment|judgement"),
    ),
    Rule(
        "MS_VAGUE_PROMISE", "missing_steps",
        "A promise nobody could check. Add one concrete step and when you'll do it.",
        "none",
        ("'ll|ll|will|to|must|can|should|gonna|and|promise do|be|get better", "doing better",
         f"will|wo|'ll|ll|shall {NEG}? happen|occur again",
         "never happen|occur|again",
         "make it|this|things|amends right|up",
         "make it up to you|u",
         "be|being more careful|thoughtful|mindful|aware|considerate|responsible|present",
         "work on myself|ourselves|it|this|that|my|our|being",
         "try|trying harder|better",
         "everything|all we|i can",
         "learn|learning|grow|growing from this|it|my|our|the",
         "take|taking|taken steps|action|measures",
         "strive|striving|commit|committed|committing to do|doing|being|better|improving",
         "from now on",
         "going forward|moving forward"),
    ),
    Rule(
        "MIN_JUST", "minimizing",
        "'Just' or 'only' here shrinks the harm. Let them judge how big it was.",
        "trim",
        ("just|only|merely|simply a|an|the? joke|prank|comment|typo|game|few|little|couple|minor|small|bit|tiny|one|two|banter|misunderstanding|mistake|word|words|minute|minutes|second|seconds",
         "just|only|merely ~ NUM",
         "just|only kidding|joking|teasing|messing"),
    ),
    Rule(
        "MIN_NO_BIG_DEAL", "minimizing",
        "This tells them the harm is small or their reaction too big.",
        "drop_sentence",
        ("no|not such? a? big|huge deal",
         "not that big|bad|serious|important",
         "you|u are|'re|re|were being? overreacting|over-reacting|dramatic|sensitive|oversensitive",
         "too sensitive|serious|dramatic|touchy",
         "you|u|they overreacted|overreact|overreacting|overreacts|over-reacted",
         "get|got|getting|gets so|this|that|such ~ worked|riled|wound up",
         "worked|riled|wound up over|about ~ a|an|nothing|something",
         "get|got|getting so upset|mad|angry|offended over|about",
         "making|make a big? deal|fuss|scene",
         "blowing|blow|blown it|this|things out of proportion",
         "things|stuff|it|shit|mistakes happen|happens",
         "no harm done",
         "a|one little|small|tiny|minor mix-up|mixup|slip|mistake|hiccup|oversight|thing|issue",
         "minor|small|slight inconvenience|hiccup|issue|delay",
         "if any",
         "at worst",
         "calm down",
         "not the end of the world",
         "nothing|anything serious|major",
         "tops",
         "barely|hardly|scarcely noticed|mattered|matters|notice|matter",
         "plenty more|of other ~ chances|times|milestones|opportunities"),
    ),
    Rule(
        "SF_SELF_PUNISHMENT", "self_focus",
        "Your own pain takes over here, so they may feel they must comfort you. One honest sentence is enough.",
        "trim",
        ("i ~ hate|despise|loathe myself",
         "tell me you|u do|don't|dont n't|not? hate",
         "i 'm|m|am ~ such? a|an|the? worst|terrible|awful|horrible|useless|pathetic|failure|idiot|mess|monster|disaster|wreck",
         "worst friend|person|partner|boyfriend|girlfriend|husband|wife|son|daughter|sister|brother|mother|father|mom|dad|colleague|human",
         "i ruin|ruined|destroy|mess everything|up everything",
         f"i ca|can|could|have|have {NEG} stop|slept|sleep|eat|eaten|breathe|focus|function",
         "can't|cant stop crying|thinking|shaking",
         "i 've|ve|have been crying|sobbing|shaking|sick|miserable|a wreck",
         "so|really hard|difficult|painful for me",
         "i feel|felt so|really|absolutely|completely? awful|terrible|horrible|sick|ashamed|disgusting|worthless|devastated|miserable|broken|gutted",
         "i 'm|m|am so|really|completely|absolutely? ashamed|devastated|heartbroken|miserable|gutted|broken|disgusted",
         f"i do|did {NEG} deserve",
         "sorry sorry",
         "i just want|need you to not? hate|forgive|understand|know"),
    ),
    Rule(
        "FP_CLOSE_TOPIC", "forgiveness_pressure",
        "This pushes them to forgive or close the topic on your timeline.",
        "drop_sentence",
        ("move|moving|get on|past|past this|past it",
         "move|moving on",
         "put|leave this|it|that behind us|you|me",
         "forget about? it|this|that",
         "drop|let it|this|that go?",
         "are|so we|us good|okay|ok|cool|fine|square|alright",
         "we 're|re|are good|okay|ok|cool|fine|square|alright",
         "i|we already said|apologized|apologised|told",
         "i|we 've|ve|have|had already said|apologized|apologised",
         "i|we apologized|apologised in|on|at|already|yesterday|twice",
         "leave it|this|that there|at|behind",
         "close|end this|the discussion|topic|thread|conversation|chapter",
         "what more do|can you want|expect",
         "have|need|got to forgive",
         "get|got over it",
         "water under the bridge",
         "end of story|discussion",
         "clean slate",
         "no hard feelings",
         "stop being|bringing|holding",
         "reopen|rehash|relitigate",
         "tell me we|we're|you're|you ~ okay|ok|good|fine",
         "say you forgive",
         "can we stop|forget|drop",
         "that 's|s|is settled|done|behind|over",
         "i|we said|told you i|we 'm|m|am|was|were sorry",
         "i|we said|told you sorry",
         "do|does|did n't|not want to hear|talk|discuss ~ about? it|this|that again|anymore|any"),
    ),
    Rule(
        "STEP_TIME", "step",
        "A time or deadline makes a step checkable.",
        "none",
        ("monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|today|weekend|noon|midnight",
         "this|next morning|afternoon|evening|week|month|weekend|sprint|release|year",
         "by|before|until|within the? end|NUM",
         "january|february|march|april|june|july|august|september|october|november|december",
         "NUM am|pm|a.m.|p.m.|hours|days|weeks|minutes|o'clock"),
    ),
    Rule(
        "STEP_MONEY", "step",
        "Money or a refund is a checkable repair.",
        "none",
        ("$|£|€ NUM", "refund|refunded|reimburse|reimbursed|credit|credited|voucher|compensation|replacement|replace|replaced|repay|repaid|venmo|venmoed|pay|paid"),
    ),
    Rule(
        "STEP_DONE", "step",
        "A repair already done is a concrete step.",
        "none",
        (f"{SELF} 've|ve|have|had already? VBN", f"{SELF} already VBD",
         "it|this|that|everything|the ~ is|'s|s|has|are|have been? fixed|restored|back|resolved|reverted|refunded|replaced|repaired|removed|deleted|patched|shipped|released",
         "fixed|reverted|restored|refunded|removed|deleted|patched|resolved|corrected|reissued|released|merged|unbanned|unblocked|lifted|reinstated|rolled in|by|on|via|with|back|out|now|already|and",
         "refund|fix|patch|revert|correction|replacement|block|ban|credit|apology ~ issued|lifted|shipped|applied|merged|deployed|released|sent|processed|posted|published|done|live"),
    ),
    Rule(
        "STEP_COMMIT", "step",
        "A committed action with a concrete verb.",
        "none",
        (f"{SELF} {FUTURE} going? to? call|send|pay|replace|buy|fix|return|refund|cover|book|schedule|set|bring|drive|cook|clean|repair|meet|add|update|remove|delete|post|write|review|check|ship|restore|reimburse|donate|publish|move|cancel|text|email|hire|train|install|block|change|double-check|confirm|attend|deliver|revert|reinstate|redo|rewrite",),
    ),
)

RULES_BY_ID = {rule.rule_id: rule for rule in RULES}
APOLOGY_WORDS = frozenset(APOLOGY.split("|"))
PROBLEM_RULES = tuple(rule for rule in RULES if rule.dimension != "step")


def compile_pattern(notation: str) -> list[dict]:
    """Turn the rule notation into a spaCy Matcher token pattern."""
    pattern = []
    for word in notation.split():
        if word == "~":
            pattern.append({"IS_PUNCT": False, "OP": "?"})
            continue
        optional = word.endswith("?") and len(word) > 1
        word = word.rstrip("?") if optional else word
        if word == "NUM":
            spec = {"LIKE_NUM": True}
        elif word in ("VBN", "VBD"):
            spec = {"TAG": word}
        else:
            spec = {"LOWER": {"IN": word.split("|")}}
        if optional:
            spec["OP"] = "?"
        pattern.append(spec)
    return pattern


def build_index() -> PatternIndex:
    """All pattern rules in one first-word index (same matches as one spaCy Matcher, much faster)."""
    index = PatternIndex()
    for rule in RULES:
        if rule.patterns:
            index.add(rule.rule_id, [compile_pattern(p) for p in rule.patterns])
    return index


# Verbs and modals after "but" that look forward or own the act: "but I want to earn back your trust".
FORWARD = frozenset("want wanted will 'll ll hope know understand promise intend plan going need should must can".split())


def _is_excuse(p: Parsed, clause) -> bool:
    """A clause with its own subject (not 'you') stating a circumstance, not an intention."""
    children = p.children[clause.i]
    subject = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subject is None or subject.lower_ in ("you", "u"):
        return False
    return clause.lower_ not in FORWARD and not any(c.lower_ in FORWARD for c in children if c.dep_ in ("aux", "neg"))


def _excuse_clauses(p: Parsed) -> list[Span]:
    """'I'm sorry, but I was exhausted': a `but` joining an apology to a first-person clause."""
    spans = []
    for token in p.tokens:
        if token.lower_ not in ("but", "though", "although") or token.dep_ not in ("cc", "mark"):
            continue
        head = p.heads[token.i]
        apology_clause = head if token.dep_ == "cc" else p.heads[head.i]
        if not any(t.lower_ in APOLOGY_WORDS for t in p.subtree(apology_clause)):
            continue
        clause = next((c for c in p.children[apology_clause.i] if c.dep_ == "conj" and c.i > token.i), None)
        if token.dep_ == "mark":
            clause = head
        if clause is None or not _is_excuse(p, clause):
            continue
        end = max(t.i for t in p.subtree(clause) if not t.is_punct) + 1
        spans.append(p.doc[token.i:end])
    return spans


def _hidden_agents(p: Parsed) -> list[Span]:
    """'Mistakes were made': a passive verb with a subject, no `by` agent, not about I/we/you."""
    spans = []
    for token in p.tokens:
        if token.tag_ != "VBN" or token.lower_ in ("been", "supposed", "used", "born", "based", "concerned", "involved", "scheduled"):
            continue
        children = p.children[token.i]
        subjects = [c for c in children if c.dep_ == "nsubjpass"]
        if not subjects or not any(c.dep_ == "auxpass" for c in children) or any(c.dep_ == "agent" for c in children):
            continue
        if subjects[0].lower_ in ("i", "we", "you", "u"):
            continue
        start = p.subtree(subjects[0])[0].i
        spans.append(p.doc[start:token.i + 1])
    return spans


TREE_RULES = {"BS_EXCUSE_CLAUSE": _excuse_clauses, "BS_HIDDEN_AGENT": _hidden_agents}


class RuleSet:
    """Runs every rule over a parsed Doc; build once, reuse for every draft."""

    def __init__(self):
        self.index = build_index()

    def find(self, doc: Doc, parsed: Parsed | None = None) -> list[Hit]:
        """All hits, longest match kept where patterns of one rule overlap."""
        p = parsed or Parsed(doc)
        by_rule: dict[str, list[Span]] = {}
        for rule_id, start, end in self.index(doc, p.tokens):
            by_rule.setdefault(rule_id, []).append(doc[start:end])
        for rule_id, finder in TREE_RULES.items():
            spans = finder(p)
            if spans:
                by_rule[rule_id] = spans
        hits = []
        for rule_id, spans in by_rule.items():
            dimension = RULES_BY_ID[rule_id].dimension
            for span in filter_spans(spans):
                hits.append(Hit(rule_id, dimension, span.start_char, span.end_char, span.start))
        return sorted(hits, key=lambda h: (h.start, h.end))
