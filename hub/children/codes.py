"""Codes the DfE uses for children's records (SSDA903 and the school census)."""

from django.db import models


class Sex(models.TextChoices):
    # SSDA903 SEX: 1 male, 2 female. "Not known" is kept for records made before it is known.
    MALE = "1", "Male"
    FEMALE = "2", "Female"
    NOT_KNOWN = "", "Not known"


class Ethnicity(models.TextChoices):
    """DfE ethnicity codes (main codes), as in SSDA903 ETHNIC and the school census."""

    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"
