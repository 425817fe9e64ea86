"""Synthetic names and places for the demo area. Every child and street made from these is invented.

First names are grouped by the naming traditions common in an English town, so that a child's name
fits the DfE ethnicity code the demo gives them; surnames likewise. Combinations are drawn at random
and checked for uniqueness by the caller; none is meant to be, or to resemble, a real person.
"""

from __future__ import annotations

import random

from hub.demo.area import synthetic_postcode

# fmt: off
# group: (boys, girls)
FIRST_NAMES: dict[str, tuple[list[str], list[str]]] = {
    "british": (
        [
            "Oliver", "Harry", "Jack", "Charlie", "Thomas", "George", "Alfie", "Joshua", "Jacob", "James",
            "William", "Riley", "Kai", "Tyler", "Connor", "Callum", "Lewis", "Ethan", "Mason", "Kyle",
            "Jordan", "Dylan", "Ryan", "Bradley", "Reece", "Owen", "Harvey", "Finley", "Lucas", "Archie",
            "Leo", "Max", "Corey", "Brandon", "Luke", "Nathan", "Cameron", "Jayden", "Aaron", "Toby",
            "Louie", "Logan", "Frankie", "Tommy", "Ashton", "Morgan", "Kian", "Alfie-Jay", "Elliot", "Joel",
        ],
        [
            "Olivia", "Amelia", "Emily", "Isla", "Ava", "Jessica", "Ella", "Lily", "Sophie", "Chloe", "Mia",
            "Grace", "Ruby", "Evie", "Megan", "Holly", "Lauren", "Courtney", "Shannon", "Paige", "Jade",
            "Leah", "Amber", "Bethany", "Abbie", "Caitlin", "Kayleigh", "Demi", "Millie", "Poppy", "Freya",
            "Keira", "Libby", "Daisy", "Katie", "Hannah", "Charlotte", "Maisie", "Eleanor", "Lacey", "Skye",
            "Summer", "Ellie", "Molly", "Georgia", "Kelsey", "Jodie", "Tegan", "Harriet",
        ],
    ),
    "irish": (
        [
            "Declan", "Cian", "Ronan", "Liam", "Sean", "Niall", "Eoin", "Patrick", "Conor", "Darragh",
        ],
        [
            "Niamh", "Aoife", "Ciara", "Erin", "Orla", "Siobhan", "Roisin", "Sinead", "Clodagh", "Grainne",
        ],
    ),
    "traveller": (
        [
            "Johnny", "Patrick", "Michael", "Martin", "Tommy", "Jimmy", "Bernard", "Francis",
        ],
        [
            "Bridget", "Kathleen", "Margaret", "Mary-Ann", "Nora", "Winnie", "Shauna", "Marie",
        ],
    ),
    "east_european": (
        [
            "Jakub", "Kacper", "Filip", "Mateusz", "Szymon", "Dawid", "Andrei", "Darius", "Luka", "Marius",
            "Tomas", "Lukas", "Matas", "Bogdan", "Nikola", "Oskar", "Mihai",
        ],
        [
            "Zuzanna", "Julia", "Wiktoria", "Natalia", "Maja", "Alexandra", "Ioana", "Bianca", "Gabriela",
            "Emilija", "Ugne", "Karolina", "Daria", "Lena", "Oliwia",
        ],
    ),
    "roma": (
        [
            "Denis", "Adrian", "Marek", "Robert", "Erik", "Patrik", "Samuel",
        ],
        [
            "Denisa", "Nikola", "Sabina", "Veronika", "Klaudia", "Monika", "Simona",
        ],
    ),
    "indian": (
        [
            "Arjun", "Rohan", "Aarav", "Dev", "Karan", "Vikram", "Jaskaran", "Rahul", "Gurpreet", "Nikhil",
        ],
        [
            "Anika", "Simran", "Diya", "Isha", "Meera", "Navneet", "Kiran", "Jasleen", "Pooja", "Riya",
        ],
    ),
    "pakistani": (
        [
            "Mohammed", "Ayaan", "Ibrahim", "Zain", "Hamza", "Bilal", "Usman", "Adnan", "Imran", "Haris",
        ],
        [
            "Aisha", "Maryam", "Hafsa", "Zara", "Amina", "Sana", "Iqra", "Hira", "Noor", "Mahnoor",
        ],
    ),
    "bangladeshi": (
        [
            "Rahim", "Tanvir", "Sajid", "Raihan", "Arif", "Nabil", "Ishaq", "Rayhan",
        ],
        [
            "Tasnim", "Sumaiya", "Nadia", "Farhana", "Rumana", "Sadia", "Tahmina", "Jannat",
        ],
    ),
    "other_asian": (
        [
            "Kiran", "Sanjay", "Nimal", "Bikash", "Roshan", "Farid", "Sahil", "Tharindu",
        ],
        [
            "Sapana", "Anisha", "Nilufar", "Tharushi", "Sabita", "Parisa", "Dilani", "Asha",
        ],
    ),
    "african": (
        [
            "Chinedu", "Tobi", "Kwame", "Emeka", "Samuel", "David", "Daniel", "Abdi", "Yusuf", "Tendai",
            "Tunde", "Kelechi", "Nana", "Obinna", "Mahad", "Tinashe", "Joseph", "Elijah",
        ],
        [
            "Adaeze", "Chioma", "Ama", "Abena", "Esther", "Blessing", "Favour", "Hodan", "Fadumo", "Tariro",
            "Precious", "Deborah", "Ifeoma", "Nkechi", "Ayan", "Rutendo", "Grace", "Zainab",
        ],
    ),
    "caribbean": (
        [
            "Jermaine", "Tyrese", "Marcus", "Kareem", "Andre", "Isaiah", "Malachi", "Reuben", "Nathaniel",
            "Jaden", "Deshawn", "Kemar", "Rashad", "Tajay",
        ],
        [
            "Shanice", "Tia", "Kiara", "Jada", "Aaliyah", "Tianna", "Naomi", "Keisha", "Imani", "Shantelle",
            "Danielle", "Simone", "Jasmine", "Tamara",
        ],
    ),
    "chinese": (
        [
            "Wei", "Jun", "Hao", "Kai", "Ming", "Jason", "Ethan", "Yiu",
        ],
        [
            "Mei", "Lin", "Xin", "Chloe", "Ying", "Jasmine", "Hui", "Wing",
        ],
    ),
    "middle_eastern": (
        [
            "Omar", "Ali", "Karwan", "Ahmad", "Mustafa", "Rami", "Yousef", "Hassan", "Soran", "Idris",
        ],
        [
            "Layla", "Rania", "Dilan", "Shirin", "Yasmin", "Lana", "Huda", "Rozhan", "Samira", "Hana",
        ],
    ),
}

SURNAMES: dict[str, list[str]] = {
    "british": [
        "Ashworth", "Bailey", "Barker", "Bennett", "Birch", "Bolton", "Bradshaw", "Brooks", "Carter",
        "Chambers", "Clarke", "Collins", "Cooper", "Dawson", "Ellis", "Fletcher", "Foster", "Gibson",
        "Griffiths", "Hall", "Harper", "Hartley", "Hayes", "Holloway", "Hughes", "Jennings", "Lambert",
        "Lawson", "Lloyd", "Marsh", "Mason", "Metcalfe", "Morley", "Nash", "Osborne", "Parker", "Payne",
        "Pearson", "Rowley", "Shaw", "Simmons", "Stokes", "Sutton", "Thornton", "Townsend", "Wade",
        "Warren", "Webb", "Whitfield", "Wilkinson", "Yates", "Pickering", "Kirkby", "Ridley", "Hammond",
        "Tranter", "Swales", "Aldridge", "Pocock", "Goodwin", "Cartwright", "Eastwood", "Fairclough",
        "Hollis", "Linton", "Mottram", "Pennock", "Royle", "Spencer", "Tillotson", "Underwood",
    ],
    "irish": [
        "Brennan", "Doyle", "Farrell", "Gallagher", "Kavanagh", "Kelly", "Murphy", "Nolan", "O'Connor",
        "Quinn", "Sheridan", "Tierney", "Walsh", "Byrne", "Devlin", "McGuire", "O'Leary", "Regan",
    ],
    "traveller": [
        "Ward", "McDonagh", "Doherty", "Connors", "Joyce", "Maughan", "Delaney", "Cash",
    ],
    "east_european": [
        "Nowak", "Kowalczyk", "Mazur", "Krawczyk", "Popescu", "Ionescu", "Horvat", "Novak", "Dumitru",
        "Kovacs", "Szabo", "Marin", "Stan", "Zielinski", "Dudek", "Jankauskas", "Petrov", "Lungu",
    ],
    "roma": [
        "Lakatos", "Balog", "Dano", "Horvath", "Gabor", "Kotlar", "Sarkozi", "Bandi",
    ],
    "indian": [
        "Patel", "Sharma", "Singh", "Gill", "Sandhu", "Mistry", "Chauhan", "Joshi", "Bains", "Dhillon",
    ],
    "pakistani": [
        "Hussain", "Khan", "Iqbal", "Akhtar", "Mahmood", "Rashid", "Qureshi", "Malik", "Shah", "Rehman",
        "Aslam", "Javed",
    ],
    "bangladeshi": [
        "Miah", "Uddin", "Rahman", "Ahmed", "Islam", "Chowdhury", "Hoque", "Ali",
    ],
    "other_asian": [
        "Gurung", "Rai", "Perera", "Fernando", "Ahmadi", "Karimi", "Thapa", "Silva",
    ],
    "african": [
        "Okafor", "Mensah", "Owusu", "Boateng", "Nwosu", "Eze", "Ogunleye", "Abdi", "Mohamed", "Warsame",
        "Moyo", "Ncube", "Asante", "Adebayo", "Chukwu", "Osei", "Farah", "Mutasa", "Nnamdi", "Agyeman",
    ],
    "caribbean": [
        "Campbell", "Francis", "Grant", "Thompson", "Richards", "Williams", "Samuels", "Gayle", "McKenzie",
        "Reid", "Henry", "Edwards", "Lewis", "Morgan", "Bryan", "Forbes", "Douglas", "Clarke",
    ],
    "chinese": [
        "Chen", "Wong", "Li", "Zhang", "Lam", "Cheung", "Liu", "Ng",
    ],
    "middle_eastern": [
        "Hassan", "Haddad", "Aziz", "Karimi", "Rasul", "Saleh", "Mahmoud", "Omar", "Barzani",
    ],
}
# fmt: on

# DfE ethnicity code: (weight in the demo, name groups for the first name, name groups for the surname).
# Weights are roughly those of a large English town's secondary-age population.
ETHNICITY_NAMES: dict[str, tuple[float, tuple[str, ...], tuple[str, ...]]] = {
    "WBRI": (62.0, ("british",), ("british",)),
    "WIRI": (1.0, ("irish", "british"), ("irish",)),
    "WIRT": (0.6, ("traveller",), ("traveller",)),
    "WOTH": (6.0, ("east_european",), ("east_european",)),
    "WROM": (0.8, ("roma",), ("roma",)),
    "MWBC": (3.5, ("british", "caribbean"), ("british", "caribbean")),
    "MWBA": (1.8, ("british", "african"), ("british", "african")),
    "MWAS": (1.5, ("british", "indian", "pakistani"), ("british", "indian", "pakistani")),
    "MOTH": (2.0, ("british", "caribbean", "middle_eastern"), ("british", "irish", "middle_eastern")),
    "AIND": (2.2, ("indian",), ("indian",)),
    "APKN": (2.6, ("pakistani",), ("pakistani",)),
    "ABAN": (1.0, ("bangladeshi",), ("bangladeshi",)),
    "AOTH": (1.3, ("other_asian",), ("other_asian",)),
    "BCRB": (2.0, ("caribbean",), ("caribbean",)),
    "BAFR": (5.2, ("african",), ("african",)),
    "BOTH": (0.9, ("african", "caribbean"), ("african", "caribbean")),
    "CHNE": (0.5, ("chinese",), ("chinese",)),
    "OOTH": (1.6, ("middle_eastern",), ("middle_eastern",)),
    "REFU": (0.4, ("british",), ("british",)),
    "NOBT": (2.0, ("british", "east_european"), ("british", "east_european")),
}

# fmt: off
# Streets of the fictional town of Wenmoor: a root and a kind, e.g. "Foxglove Close".
STREET_ROOTS = [
    "Alder", "Badger", "Beacon", "Birchwood", "Blackthorn", "Bramble", "Buttercross", "Canal", "Chantry",
    "Chestnut", "Clover", "Coppice", "Cowslip", "Dovecote", "Falcon", "Fieldfare", "Foxglove", "Furrow",
    "Gorse", "Granary", "Harebell", "Heron", "Hollybush", "Kiln", "Kingfisher", "Lantern", "Linnet",
    "Maltings", "Marigold", "Meadowsweet", "Nightingale", "Orchard", "Otter", "Pannier", "Pinfold",
    "Plover", "Quarry", "Rowan", "Saddler", "Sandpiper", "Sedge", "Skylark", "Sorrel", "Spinney", "Tannery",
    "Teasel", "Thistle", "Wagtail", "Weaver", "Willowherb", "Wren", "Larkspur", "Cobbler",
]
STREET_KINDS = [
    "Road", "Street", "Close", "Lane", "Avenue", "Way", "Crescent", "Drive", "Gardens", "Court", "Walk",
    "Grove", "Place", "Rise", "View",
]
BLOCKS = [
    "Kestrel House", "Beacon Court", "Weaver House", "Millrace Court", "Tannery House", "Osprey Court",
]
DISTRICTS = [
    "Wenmoor", "Wenmoor", "Wenmoor", "Eastbrook, Wenmoor", "Holloway Green, Wenmoor", "Old Wenmoor",
    "Wenmoor Vale", "Stanbridge, Wenmoor", "Pelham Park, Wenmoor",
]

# Places in and around Wenmoor that referrers mention (all invented).
LOCAL_PLACES = [
    "the Quarry Lane underpass", "Millbrook retail park", "Wenmoor bus station",
    "the skate park on Pinfold Road", "the takeaways on Station Road", "the Kestrel House flats",
    "the canal towpath by the Maltings", "the Beacon Court car park", "Holloway Green recreation ground",
    "the Buttercross shopping centre",
]
OUT_OF_AREA = [
    "Harrowfield", "a coastal town about 100 miles away", "a city two hours away by train",
    "a market town in the next county", "a seaside town on the east coast",
]
# fmt: on


# Children whose names are spelled and shortened differently from each other, so that searching
# "Jon Smyth" finds several (as the README suggests trying). The rest of the demo keeps apart names that
# sound alike, so none of these comes from the lists above. (first, last, sex, age in years, days more)
NAMESAKES: list[tuple[str, str, str, int, int]] = [
    ("Jonathan", "Smith", "1", 14, 40),
    ("John", "Smyth", "1", 15, 190),
    ("Jon", "Smithe", "1", 13, 95),
    ("Jack", "Smith", "1", 16, 20),
    ("Joanna", "Smythe", "2", 14, 300),
]


def pick_name(rng: random.Random, ethnicity: str, sex: str) -> tuple[str, str]:
    """A (first, last) name fitting the ethnicity code and sex ("1" male, "2" female)."""
    _, first_groups, last_groups = ETHNICITY_NAMES.get(ethnicity, ETHNICITY_NAMES["NOBT"])
    boys, girls = FIRST_NAMES[rng.choice(first_groups)]
    first = rng.choice(boys if sex == "1" else girls)
    last = rng.choice(SURNAMES[rng.choice(last_groups)])
    return first, last


def pick_ethnicity(rng: random.Random) -> str:
    codes = list(ETHNICITY_NAMES)
    return rng.choices(codes, weights=[ETHNICITY_NAMES[code][0] for code in codes])[0]


def street_address(rng: random.Random) -> str:
    street = f"{rng.choice(STREET_ROOTS)} {rng.choice(STREET_KINDS)}"
    district = rng.choice(DISTRICTS)
    if rng.random() < 0.15:
        return f"Flat {rng.randint(1, 40)}, {rng.choice(BLOCKS)}, {street}, {district}"
    return f"{rng.randint(1, 140)} {street}, {district}"


def postcode(rng: random.Random) -> str:
    return synthetic_postcode(rng)
