"""The stories missing episodes follow, told consistently from the report to the return interview: where
the child was last seen, where and with whom they were found (``Account``), how they travelled, the push
and pull factors and signs of exploitation an interviewer may see, what the child and their carers say,
and any harm. Which stories fit which child depends on the exploitation types the hub has seen.

Every sentence is a template about an invented child; every place is in the invented town of Wenmoor or
its invented neighbours. Nothing here comes from a real case.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Account:
    """What happened, as the police record the return and the child later tells it."""

    found_at: str
    found_with: str
    where_went: str
    who_with: str


@dataclass(frozen=True)
class Story:
    """A kind of episode, told consistently from the report to the interview."""

    last_seen: list[str]
    accounts: list[Account]
    returned: list[str]
    travel_there: list[str]
    travel_back: list[str]
    push: list[str]  # MissingFactor codes
    pull: list[str]
    indicators: list[str]  # ScreeningIndicator codes the interviewer may see
    words: list[str]
    carers: list[str]
    harm: list[tuple[str, str]] = field(default_factory=list)  # (the harm, the action it calls for)
    risk_shift: int = 0  # added to the police grade's rank, within the scale
    long: bool = False  # these episodes last longer


STORIES: dict[str, Story] = {
    "friends": Story(
        last_seen=[
            "walking towards {area} after school",
            "leaving {home} at about teatime, saying {he} was going to a friend's",
            "the skate park on Pinfold Road",
            "Holloway Green recreation ground with friends",
        ],
        accounts=[
            Account(
                "a friend's address in {area}",
                "a friend from school",
                "Stayed at a friend's house in {area}; they watched films and gamed until late.",
                "A friend from school, of the same age.",
            ),
            Account(
                "a friend's flat in {area}",
                "two friends of the same age",
                "Was at a friend's flat in {area} most of the evening and slept on the sofa.",
                "Two friends {he} has known since primary school.",
            ),
            Account(
                "a friend's house nearby",
                "a school friend and the friend's mum",
                "Went round to a friend's and 'lost track of time', then stayed over.",
                "A school friend; the friend's mum was at home.",
            ),
        ],
        returned=["returned of own accord", "collected by carers from the friend's address", "walked home"],
        travel_there=["on foot", "by bus", "on a friend's bike"],
        travel_back=["on foot", "by bus", "collected by carers"],
        push=["boundaries", "conflict-at-home", "placement-unhappy"],
        pull=["friends"],
        indicators=["school-absence"],
        words=[
            "I was just at my mate's. I didn't think anyone would call the police.",
            "I know I should have texted. My phone died.",
            "I just wanted to be with my friends, that's all.",
            "It's boring at home. There's nothing to do.",
        ],
        carers=[
            "Carers say {Name} came back tired but cheerful and went straight to bed.",
            "{His} mum thinks {he} was at a friend's and is more cross than worried.",
        ],
    ),
    "older-group": Story(
        last_seen=[
            "Wenmoor bus station",
            "the takeaways on Station Road",
            "getting into a car on Quarry Lane",
            "the Kestrel House flats",
        ],
        accounts=[
            Account(
                "the train station in a neighbouring city ({city})",
                "two older males not known to carers",
                "Says {he} 'stayed at someone's flat' in {city} and will not say whose or why.",
                "Older males {he} calls 'the olders'; will not give names.",
            ),
            Account(
                "a flat in {far}",
                "an adult male (about 25) and another young person",
                "Was driven 'somewhere out of town' and stayed two nights in a flat with other young people.",
                "A man {he} met through a friend, and another boy {he} did not know.",
            ),
            Account(
                "a service station on the motorway",
                "a group of older young people known to police",
                "Went to {far} with older lads. Would not say what {he} did there.",
                "Older young people {he} knows from the bus station.",
            ),
        ],
        returned=[
            "found by British Transport Police and brought back by officers",
            "found by police during a warrant at the address",
            "stopped by police in a car; brought back by officers",
        ],
        travel_there=[
            "by train, ticket bought by someone else",
            "driven by an adult",
            "by taxi, paid by others",
        ],
        travel_back=["brought back by police", "by train with police", "police transport"],
        push=["school-problems", "conflict-at-home", "placement-unhappy"],
        pull=["older-adults", "running-drugs", "money-or-gifts"],
        indicators=[
            "found-out-of-area",
            "multiple-phones",
            "unexplained-money",
            "peers-exploited",
            "weapons",
        ],
        words=[
            "I was just chilling at someone's flat. I'm not saying whose.",
            "I can't say. You don't understand what happens if I talk.",
            "It's not like that. They're my friends. They look after me.",
            "I owe someone money. That's all I'm saying.",
        ],
        carers=[
            "Carers found a second phone in {his} room and about two hundred pounds in cash.",
            "{Name} came home with new trainers and would not say where they came from.",
        ],
        harm=[
            (
                "Had not eaten properly for two days; a cut to the hand {he} would not explain.",
                "Seen by the GP the next day about the cut; police told of the injury.",
            ),
            (
                "Bruising to the arm; says {he} fell. Was frightened of being seen talking to police.",
                "Injury recorded and shared with police and the allocated social worker.",
            ),
            (
                "Exhausted and hungry; had been made to sleep on a floor.",
                "Health check arranged with the school nurse.",
            ),
        ],
        risk_shift=1,
        long=True,
    ),
    "boyfriend": Story(
        last_seen=[
            "outside the Buttercross shopping centre",
            "the Beacon Court car park",
            "leaving {home} after tea, saying {he} was going to the shop",
        ],
        accounts=[
            Account(
                "an address in {city}",
                "{his} 'boyfriend' (believed to be 19)",
                "Stayed at {his} 'boyfriend's' flat in {city}; says they 'just talked and watched TV'.",
                "A male {he} calls {his} boyfriend, thought to be 19 or 20.",
            ),
            Account(
                "a flat above the takeaways on Station Road",
                "two older males and another girl",
                "Went to a party at a flat with older people {he} had met online.",
                "Older males {he} met through social media, and another girl from {his} school.",
            ),
            Account(
                "a hotel on the ring road",
                "an adult male in his twenties",
                "Says {he} was 'at a friend's', but {his} phone's location showed a hotel on the ring road.",
                "Will only say 'a friend'; police found {him} with an adult male.",
            ),
        ],
        returned=[
            "found by police at the address and brought back",
            "dropped off near home by a car; carers called police",
            "came back in a taxi someone else paid for",
        ],
        travel_there=["picked up in a car", "by taxi, paid by someone else", "by bus to meet a car"],
        travel_back=["taxi, paid by someone else", "dropped off by a car", "brought back by police"],
        push=["conflict-at-home", "mental-health", "placement-unhappy"],
        pull=["boyfriend-girlfriend", "older-adults", "parties", "money-or-gifts"],
        indicators=[
            "older-controlling-adult",
            "cars-unknown-adults",
            "hotels-taxis-takeaways",
            "online-contact",
            "drugs-alcohol",
        ],
        words=[
            "He's my boyfriend. He's nice to me, nicer than anyone here.",
            "Nothing happened. Why does everyone have to make it into something?",
            "He buys me stuff and he listens. You lot don't.",
            "I don't want to talk about it. Can we just not?",
        ],
        carers=[
            "Carers say {Name} came back wearing clothes they had not seen before and slept most of the day.",
            "Carers have seen messages from an older male telling {him} to delete their chat.",
        ],
        harm=[
            (
                "Drank alcohol adults gave {him}; not sure how {he} got home.",
                "Sexual health advice given and a clinic appointment offered.",
            ),
            (
                "Says {he} was pressured to send images; police informed.",
                "Police told the same day about the images; the allocated social worker informed.",
            ),
        ],
        risk_shift=1,
        long=True,
    ),
    "family": Story(
        last_seen=["{home}, after tea", "leaving school at the end of the day", "the bus stop near {home}"],
        accounts=[
            Account(
                "{his} mum's address in {area}",
                "{his} mum",
                "Went to see {his} mum because {he} misses her; stayed the night.",
                "{His} mum.",
            ),
            Account(
                "{his} nan's flat in {city}",
                "{his} nan",
                "Went to {his} nan's in {city}; says she is the only one who listens.",
                "{His} nan.",
            ),
            Account(
                "an older brother's flat in {area}",
                "an older brother",
                "Stayed with an older brother, who let {him} sleep on the sofa.",
                "An older brother, aged 19.",
            ),
        ],
        returned=[
            "collected by carers from the family address",
            "brought back by family",
            "police visited the family address and brought {him} back",
        ],
        travel_there=["by bus", "by train", "on foot"],
        travel_back=["collected by carers", "brought back by family", "police transport"],
        push=["placement-unhappy", "conflict-at-home"],
        pull=["family-elsewhere"],
        indicators=[],
        words=[
            "I just wanted to see my family. Nobody lets me see them enough.",
            "I wasn't missing. Everyone knew where I was.",
            "I miss my little brother. I wanted to see him before bed.",
        ],
        carers=[
            "Carers thought {he} was probably with family, but the family would not confirm it.",
            "Carers say family time has been hard for {Name} lately.",
        ],
    ),
    "party": Story(
        last_seen=["{home}, saying {he} was going to a friend's", "the canal towpath by the Maltings"],
        accounts=[
            Account(
                "a house party on the Kestrel House estate",
                "a group of young people and some adults",
                "Was at a party on the Kestrel House estate; there were adults there {he} did not know.",
                "Friends, and older people at the party {he} did not know.",
            ),
            Account(
                "a house in {area}",
                "friends from the party",
                "Went to a party at a house in {area}; stayed over because it was late.",
                "A group from {his} year.",
            ),
            Account(
                "the Beacon Court car park",
                "alone, intoxicated",
                "Went to a party, left on {his} own and does not remember much after that.",
                "Friends at first; alone when police found {him}.",
            ),
        ],
        returned=[
            "found by police called to the party",
            "returned of own accord the next morning",
            "collected by a parent after a friend's mum called",
        ],
        travel_there=["on foot", "by bus", "got a lift from older friends"],
        travel_back=["on foot", "collected by family", "police transport"],
        push=["boundaries", "conflict-at-home"],
        pull=["parties", "drugs-alcohol", "friends"],
        indicators=["drugs-alcohol", "peers-exploited"],
        words=[
            "Everyone was there. I wasn't going to miss it.",
            "I had a bit to drink. It's not a big deal.",
            "I don't remember getting home, to be honest.",
        ],
        carers=[
            "{Name} came home smelling of cannabis and alcohol.",
            "{Name} was sick after coming back and slept all day.",
        ],
        harm=[
            (
                "Very drunk when found; checked by paramedics at the scene.",
                "Talked through alcohol and staying safe; young people's drug and alcohol service offered.",
            ),
            ("Lost {his} phone and bag.", "Carers helping {him} replace the phone; safety plan reviewed."),
        ],
    ),
    "upset": Story(
        last_seen=[
            "{home}, after an argument",
            "{home}, running out after being told off",
            "the school gates",
        ],
        accounts=[
            Account(
                "the canal towpath by the Maltings",
                "alone",
                "Walked around for hours to calm down; sat by the canal.",
                "No one.",
            ),
            Account(
                "Millbrook retail park",
                "alone, upset",
                "Went to the retail park and stayed in the warm until it closed, then walked about.",
                "On {his} own the whole time.",
            ),
            Account(
                "the park near {home}",
                "a youth worker who recognised {him}",
                "Sat in the park until a youth worker {he} knows stopped to talk.",
                "On {his} own until the youth worker came.",
            ),
        ],
        returned=["found by police on patrol", "returned of own accord", "phoned a carer to collect {him}"],
        travel_there=["on foot"],
        travel_back=["on foot", "collected by carers", "police transport"],
        push=["conflict-at-home", "mental-health", "abuse-or-neglect", "domestic-abuse", "bullying"],
        pull=[],
        indicators=["self-harm"],
        words=[
            "I just needed to get out. Everyone was shouting.",
            "I didn't want to be anywhere. I just walked.",
            "Nobody listens so I left.",
            "I wanted them to notice. Now they have.",
        ],
        carers=[
            "Things have been very tense at {home} since the new school year.",
            "{Name} has been low lately and says nobody understands.",
        ],
        harm=[
            (
                "Fresh self-harm marks on the arm; first aid given.",
                "Referred to CAMHS with {his} agreement; GP informed.",
            ),
            ("Very cold and tired; no injury.", "Agreed who {he} can ring next time instead of walking out."),
        ],
    ),
    "school": Story(
        last_seen=["the school gates at lunchtime", "leaving school after registration"],
        accounts=[
            Account(
                "Millbrook retail park",
                "friends who had also left school",
                "Left school with friends and went to the retail park, then to a friend's house.",
                "Two friends from the same year.",
            ),
            Account(
                "the Buttercross shopping centre",
                "alone",
                "Walked out of a lesson after a row with a teacher and spent the day in town.",
                "No one; {he} wanted to be on {his} own.",
            ),
            Account(
                "a friend's house in {area}",
                "an older pupil from another school",
                "Went to an older pupil's house instead of going back to lessons.",
                "An older pupil {he} knows from the bus.",
            ),
        ],
        returned=["came home at the usual time", "found by police on patrol", "collected by family"],
        travel_there=["on foot", "by bus"],
        travel_back=["by bus", "on foot", "collected by family"],
        push=["school-problems", "bullying"],
        pull=["friends"],
        indicators=["school-absence"],
        words=[
            "School's pointless. The teachers have it in for me.",
            "There's some girls who keep starting on me. I wasn't staying.",
            "I just didn't want to be there.",
        ],
        carers=["{Name} has been refusing to go to school most mornings."],
    ),
    "town": Story(
        last_seen=[
            "Wenmoor bus station",
            "the Buttercross shopping centre",
            "the skate park on Pinfold Road",
        ],
        accounts=[
            Account(
                "Wenmoor bus station",
                "a group of young people",
                "Hung around the town centre and the bus station with friends until late.",
                "Friends of the same age.",
            ),
            Account(
                "the Quarry Lane underpass",
                "two friends",
                "Was out with friends in town and did not want to come in at curfew.",
                "A group {he} knows from the skate park.",
            ),
        ],
        returned=[
            "found by police on patrol and taken home",
            "returned of own accord",
            "collected by carers",
        ],
        travel_there=["by bus", "on foot"],
        travel_back=["police transport", "on foot", "collected by carers"],
        push=["boundaries"],
        pull=["friends"],
        indicators=[],
        words=[
            "I was just out. It's not a crime.",
            "Curfew is stupid. Everyone else stays out.",
            "We were just hanging about, honestly.",
        ],
        carers=["{Name} keeps coming in after curfew and laughs about police calls."],
    ),
}
# Which stories fit which child: weights by the exploitation types the hub has seen.
STORY_WEIGHTS = {
    "cse": {"boyfriend": 40, "friends": 15, "party": 15, "upset": 10, "family": 8, "town": 7, "school": 5},
    "online": {"boyfriend": 30, "friends": 20, "upset": 15, "party": 15, "family": 8, "town": 7, "school": 5},
    "cce": {"older-group": 40, "town": 15, "friends": 15, "party": 10, "school": 8, "family": 7, "upset": 5},
    "county-lines": {"older-group": 55, "town": 10, "friends": 12, "party": 8, "family": 8, "school": 7},
    "": {"friends": 30, "town": 18, "upset": 15, "party": 12, "school": 12, "family": 10, "older-group": 3},
}
LOOKED_AFTER_FAMILY_BONUS = 20  # looked-after children often go to family
