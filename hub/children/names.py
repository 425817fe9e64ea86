"""Name matching that tolerates spelling and nicknames: "Jon Smyth" finds "Jonathan Smith".

Two keys per name: the Metaphone code (sound-alike spellings: Smith/Smyth, Catherine/Kathryn) and,
for first names, the formal name of a common English nickname (Jon/Johnny/Jack -> John/Jonathan).
Ranking uses Jaro-Winkler similarity on the normalised names.
"""

from __future__ import annotations

import re
import unicodedata

import jellyfish

# Each group: the formal names first, then nicknames and common short forms.
_NICKNAME_GROUPS = [
    ["jonathan", "john", "jon", "johnny", "jonny", "jack", "jonno"],
    ["william", "will", "bill", "billy", "liam", "willy"],
    ["robert", "rob", "bob", "bobby", "robbie", "bert"],
    ["richard", "rich", "rick", "ricky", "dick", "richie"],
    ["michael", "mike", "mikey", "mick", "micky"],
    ["thomas", "tom", "tommy"],
    ["james", "jim", "jimmy", "jamie"],
    ["joseph", "joe", "joey"],
    ["daniel", "dan", "danny"],
    ["matthew", "matt", "matty"],
    ["christopher", "chris", "kit"],
    ["anthony", "tony", "ant"],
    ["alexander", "alex", "alexandra", "alexa", "lex", "sandy", "xander"],
    ["benjamin", "ben", "benji", "benny"],
    ["samuel", "sam", "sammy", "samantha"],
    ["nicholas", "nick", "nicky", "nicola", "nikki"],
    ["edward", "ed", "eddie", "ted", "teddy", "ned"],
    ["charles", "charlie", "chaz", "chuck", "charlotte", "lottie"],
    ["joshua", "josh"],
    ["nathan", "nathaniel", "nate", "nat"],
    ["zachary", "zach", "zak", "zack"],
    ["kieran", "kieron", "ciaran"],
    ["callum", "calum", "cal"],
    ["mohammed", "muhammad", "mohammad", "mohamed", "mo"],
    ["elizabeth", "liz", "lizzie", "beth", "betty", "eliza", "libby", "bess"],
    ["katherine", "catherine", "kathryn", "kate", "katie", "kat", "cath", "cathy", "kitty"],
    ["margaret", "maggie", "meg", "peggy", "margo"],
    ["rebecca", "becky", "becca", "bex"],
    ["jessica", "jess", "jessie"],
    ["victoria", "vicky", "tori"],
    ["jennifer", "jen", "jenny"],
    ["abigail", "abi", "abby", "gail"],
    ["olivia", "liv", "livvy"],
    ["isabella", "isabelle", "isobel", "bella", "izzy", "issy"],
    ["amelia", "millie", "amy"],
    ["emily", "em", "emmy"],
    ["eleanor", "ellie", "elle", "nell", "nellie"],
    ["natasha", "tasha", "tash"],
    ["jacqueline", "jackie", "jacqui"],
    ["deborah", "debbie", "deb"],
    ["susan", "sue", "suzy"],
    ["stephanie", "steph"],
    ["stephen", "steven", "steve", "stevie"],
    ["gregory", "greg"],
    ["timothy", "tim", "timmy"],
    ["patrick", "pat", "paddy"],
    ["patricia", "patty", "trish", "tricia"],
    ["frederick", "fred", "freddie", "freddy"],
    ["harrison", "harry", "harold", "hal", "henry", "hank"],
    ["terence", "terry"],
    ["leonard", "leo", "len", "lenny"],
    ["dominic", "dom"],
    ["oliver", "ollie", "olly"],
    ["theodore", "theo"],
    ["tyrone", "ty"],
    ["demetrius", "demi", "dimitri"],
]

NICKNAMES: dict[str, str] = {}
for group in _NICKNAME_GROUPS:
    for name in group:
        NICKNAMES.setdefault(name, group[0])


def normalise(name: str) -> str:
    """Lower case, accents and punctuation removed: "O'Brien-Smith" -> "obriensmith"."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = decomposed.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", ascii_only.lower())


def sound_key(name: str) -> str:
    cleaned = normalise(name)
    return jellyfish.metaphone(cleaned)[:40] if cleaned else ""


def formal(first_name: str) -> str:
    cleaned = normalise(first_name)
    return NICKNAMES.get(cleaned, cleaned)


def first_name_keys(first_name: str) -> set[str]:
    """Keys a first name can be found by: its own sound, and the sound of its formal name."""
    keys = {sound_key(first_name), sound_key(formal(first_name))}
    return {key for key in keys if key}


def first_name_key(first_name: str) -> str:
    """The stored key: the sound of the formal name, so every nickname of a name shares it."""
    return sound_key(formal(first_name))


def similarity(a: str, b: str) -> float:
    left, right = normalise(a), normalise(b)
    if not left or not right:
        return 0.0
    return jellyfish.jaro_winkler_similarity(left, right)


def first_name_similarity(a: str, b: str) -> float:
    if formal(a) == formal(b):
        return 1.0
    return max(similarity(a, b), similarity(formal(a), formal(b)))
