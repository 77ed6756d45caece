"""Reference data on delegations: UN Member and observer States and the groups they speak in.

Names follow the UN Member States list and UN documents; codes are ISO 3166-1 alpha-3.
Regional groups follow the DGACM list "Regional groups of Member States". Memberships change
(graduations from the LDC list, States joining or leaving a group), so each group's source and
the state it reflects is noted beside it; update the data, not the code, when they change.
"""

from dataclasses import dataclass

MEMBER_STATES: tuple[tuple[str, str], ...] = (
    ("AFG", "Afghanistan"),
    ("ALB", "Albania"),
    ("DZA", "Algeria"),
    ("AND", "Andorra"),
    ("AGO", "Angola"),
    ("ATG", "Antigua and Barbuda"),
    ("ARG", "Argentina"),
    ("ARM", "Armenia"),
    ("AUS", "Australia"),
    ("AUT", "Austria"),
    ("AZE", "Azerbaijan"),
    ("BHS", "Bahamas"),
    ("BHR", "Bahrain"),
    ("BGD", "Bangladesh"),
    ("BRB", "Barbados"),
    ("BLR", "Belarus"),
    ("BEL", "Belgium"),
    ("BLZ", "Belize"),
    ("BEN", "Benin"),
    ("BTN", "Bhutan"),
    ("BOL", "Bolivia (Plurinational State of)"),
    ("BIH", "Bosnia and Herzegovina"),
    ("BWA", "Botswana"),
    ("BRA", "Brazil"),
    ("BRN", "Brunei Darussalam"),
    ("BGR", "Bulgaria"),
    ("BFA", "Burkina Faso"),
    ("BDI", "Burundi"),
    ("CPV", "Cabo Verde"),
    ("KHM", "Cambodia"),
    ("CMR", "Cameroon"),
    ("CAN", "Canada"),
    ("CAF", "Central African Republic"),
    ("TCD", "Chad"),
    ("CHL", "Chile"),
    ("CHN", "China"),
    ("COL", "Colombia"),
    ("COM", "Comoros"),
    ("COG", "Congo"),
    ("CRI", "Costa Rica"),
    ("CIV", "Côte d'Ivoire"),
    ("HRV", "Croatia"),
    ("CUB", "Cuba"),
    ("CYP", "Cyprus"),
    ("CZE", "Czechia"),
    ("PRK", "Democratic People's Republic of Korea"),
    ("COD", "Democratic Republic of the Congo"),
    ("DNK", "Denmark"),
    ("DJI", "Djibouti"),
    ("DMA", "Dominica"),
    ("DOM", "Dominican Republic"),
    ("ECU", "Ecuador"),
    ("EGY", "Egypt"),
    ("SLV", "El Salvador"),
    ("GNQ", "Equatorial Guinea"),
    ("ERI", "Eritrea"),
    ("EST", "Estonia"),
    ("SWZ", "Eswatini"),
    ("ETH", "Ethiopia"),
    ("FJI", "Fiji"),
    ("FIN", "Finland"),
    ("FRA", "France"),
    ("GAB", "Gabon"),
    ("GMB", "Gambia"),
    ("GEO", "Georgia"),
    ("DEU", "Germany"),
    ("GHA", "Ghana"),
    ("GRC", "Greece"),
    ("GRD", "Grenada"),
    ("GTM", "Guatemala"),
    ("GIN", "Guinea"),
    ("GNB", "Guinea-Bissau"),
    ("GUY", "Guyana"),
    ("HTI", "Haiti"),
    ("HND", "Honduras"),
    ("HUN", "Hungary"),
    ("ISL", "Iceland"),
    ("IND", "India"),
    ("IDN", "Indonesia"),
    ("IRN", "Iran (Islamic Republic of)"),
    ("IRQ", "Iraq"),
    ("IRL", "Ireland"),
    ("ISR", "Israel"),
    ("ITA", "Italy"),
    ("JAM", "Jamaica"),
    ("JPN", "Japan"),
    ("JOR", "Jordan"),
    ("KAZ", "Kazakhstan"),
    ("KEN", "Kenya"),
    ("KIR", "Kiribati"),
    ("KWT", "Kuwait"),
    ("KGZ", "Kyrgyzstan"),
    ("LAO", "Lao People's Democratic Republic"),
    ("LVA", "Latvia"),
    ("LBN", "Lebanon"),
    ("LSO", "Lesotho"),
    ("LBR", "Liberia"),
    ("LBY", "Libya"),
    ("LIE", "Liechtenstein"),
    ("LTU", "Lithuania"),
    ("LUX", "Luxembourg"),
    ("MDG", "Madagascar"),
    ("MWI", "Malawi"),
    ("MYS", "Malaysia"),
    ("MDV", "Maldives"),
    ("MLI", "Mali"),
    ("MLT", "Malta"),
    ("MHL", "Marshall Islands"),
    ("MRT", "Mauritania"),
    ("MUS", "Mauritius"),
    ("MEX", "Mexico"),
    ("FSM", "Micronesia (Federated States of)"),
    ("MCO", "Monaco"),
    ("MNG", "Mongolia"),
    ("MNE", "Montenegro"),
    ("MAR", "Morocco"),
    ("MOZ", "Mozambique"),
    ("MMR", "Myanmar"),
    ("NAM", "Namibia"),
    ("NRU", "Nauru"),
    ("NPL", "Nepal"),
    # The UN list has used this form since 2023.
    ("NLD", "Netherlands (Kingdom of the)"),
    ("NZL", "New Zealand"),
    ("NIC", "Nicaragua"),
    ("NER", "Niger"),
    ("NGA", "Nigeria"),
    ("MKD", "North Macedonia"),
    ("NOR", "Norway"),
    ("OMN", "Oman"),
    ("PAK", "Pakistan"),
    ("PLW", "Palau"),
    ("PAN", "Panama"),
    ("PNG", "Papua New Guinea"),
    ("PRY", "Paraguay"),
    ("PER", "Peru"),
    ("PHL", "Philippines"),
    ("POL", "Poland"),
    ("PRT", "Portugal"),
    ("QAT", "Qatar"),
    ("KOR", "Republic of Korea"),
    ("MDA", "Republic of Moldova"),
    ("ROU", "Romania"),
    ("RUS", "Russian Federation"),
    ("RWA", "Rwanda"),
    ("KNA", "Saint Kitts and Nevis"),
    ("LCA", "Saint Lucia"),
    ("VCT", "Saint Vincent and the Grenadines"),
    ("WSM", "Samoa"),
    ("SMR", "San Marino"),
    ("STP", "Sao Tome and Principe"),
    ("SAU", "Saudi Arabia"),
    ("SEN", "Senegal"),
    ("SRB", "Serbia"),
    ("SYC", "Seychelles"),
    ("SLE", "Sierra Leone"),
    ("SGP", "Singapore"),
    ("SVK", "Slovakia"),
    ("SVN", "Slovenia"),
    ("SLB", "Solomon Islands"),
    ("SOM", "Somalia"),
    ("ZAF", "South Africa"),
    ("SSD", "South Sudan"),
    ("ESP", "Spain"),
    ("LKA", "Sri Lanka"),
    ("SDN", "Sudan"),
    ("SUR", "Suriname"),
    ("SWE", "Sweden"),
    ("CHE", "Switzerland"),
    ("SYR", "Syrian Arab Republic"),
    ("TJK", "Tajikistan"),
    ("THA", "Thailand"),
    ("TLS", "Timor-Leste"),
    ("TGO", "Togo"),
    ("TON", "Tonga"),
    ("TTO", "Trinidad and Tobago"),
    ("TUN", "Tunisia"),
    ("TUR", "Türkiye"),
    ("TKM", "Turkmenistan"),
    ("TUV", "Tuvalu"),
    ("UGA", "Uganda"),
    ("UKR", "Ukraine"),
    ("ARE", "United Arab Emirates"),
    ("GBR", "United Kingdom of Great Britain and Northern Ireland"),
    ("TZA", "United Republic of Tanzania"),
    ("USA", "United States of America"),
    ("URY", "Uruguay"),
    ("UZB", "Uzbekistan"),
    ("VUT", "Vanuatu"),
    ("VEN", "Venezuela (Bolivarian Republic of)"),
    ("VNM", "Viet Nam"),
    ("YEM", "Yemen"),
    ("ZMB", "Zambia"),
    ("ZWE", "Zimbabwe"),
)

# Non-member observer States; the European Union is an observer organization, not a State.
OBSERVER_STATES: tuple[tuple[str, str], ...] = (
    ("VAT", "Holy See"),
    ("PSE", "State of Palestine"),
)


@dataclass(frozen=True)
class Group:
    """A negotiating or regional group and the ISO3 codes of the States it speaks for."""

    code: str
    name: str
    members: tuple[str, ...]


_AFRICAN_GROUP = (
    "DZA", "AGO", "BEN", "BWA", "BFA", "BDI", "CPV", "CMR", "CAF", "TCD",
    "COM", "COG", "CIV", "COD", "DJI", "EGY", "GNQ", "ERI", "SWZ", "ETH",
    "GAB", "GMB", "GHA", "GIN", "GNB", "KEN", "LSO", "LBR", "LBY", "MDG",
    "MWI", "MLI", "MRT", "MUS", "MAR", "MOZ", "NAM", "NER", "NGA", "RWA",
    "STP", "SEN", "SYC", "SLE", "SOM", "ZAF", "SSD", "SDN", "TGO", "TUN",
    "UGA", "TZA", "ZMB", "ZWE",
)  # fmt: skip

# DGACM lists Kiribati here, which makes 54; older sources give 53 and leave Kiribati out.
_ASIA_PACIFIC_GROUP = (
    "AFG", "BHR", "BGD", "BTN", "BRN", "KHM", "CHN", "CYP", "PRK", "FJI",
    "IND", "IDN", "IRN", "IRQ", "JPN", "JOR", "KAZ", "KIR", "KWT", "KGZ",
    "LAO", "LBN", "MYS", "MDV", "MHL", "FSM", "MNG", "MMR", "NRU", "NPL",
    "OMN", "PAK", "PLW", "PNG", "PHL", "QAT", "KOR", "WSM", "SAU", "SGP",
    "SLB", "LKA", "SYR", "TJK", "THA", "TLS", "TON", "TKM", "TUV", "ARE",
    "UZB", "VUT", "VNM", "YEM",
)  # fmt: skip

_EASTERN_EUROPEAN_GROUP = (
    "ALB", "ARM", "AZE", "BLR", "BIH", "BGR", "HRV", "CZE", "EST", "GEO",
    "HUN", "LVA", "LTU", "MNE", "MKD", "POL", "MDA", "ROU", "RUS", "SRB",
    "SVK", "SVN", "UKR",
)  # fmt: skip

# GRULAC and CELAC have the same 33 members.
_LATIN_AMERICA_AND_CARIBBEAN = (
    "ATG", "ARG", "BHS", "BRB", "BLZ", "BOL", "BRA", "CHL", "COL", "CRI",
    "CUB", "DMA", "DOM", "ECU", "SLV", "GRD", "GTM", "GUY", "HTI", "HND",
    "JAM", "MEX", "NIC", "PAN", "PRY", "PER", "KNA", "LCA", "VCT", "SUR",
    "TTO", "URY", "VEN",
)  # fmt: skip

# 28 members; the United States attends as an observer and is counted with the group for
# elections, so delegations expect to find it here.
_WESTERN_EUROPEAN_AND_OTHERS = (
    "AND", "AUS", "AUT", "BEL", "CAN", "DNK", "FIN", "FRA", "DEU", "GRC",
    "ISL", "IRL", "ISR", "ITA", "LIE", "LUX", "MLT", "MCO", "NLD", "NZL",
    "NOR", "PRT", "SMR", "ESP", "SWE", "CHE", "TUR", "GBR", "USA",
)  # fmt: skip

_EUROPEAN_UNION = (
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA",
    "DEU", "GRC", "HUN", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD",
    "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE",
)  # fmt: skip

# The g77.org list (134 including China and the State of Palestine) plus Mexico, which
# rejoined at the Havana summit in September 2023: 135 in all.
_GROUP_OF_77_AND_CHINA = (
    "AFG", "DZA", "AGO", "ATG", "ARG", "BHS", "BHR", "BGD", "BRB", "BLZ",
    "BEN", "BTN", "BOL", "BIH", "BWA", "BRA", "BRN", "BFA", "BDI", "CPV",
    "KHM", "CMR", "CAF", "TCD", "CHL", "CHN", "COL", "COM", "COG", "CRI",
    "CIV", "CUB", "PRK", "COD", "DJI", "DMA", "DOM", "ECU", "EGY", "SLV",
    "GNQ", "ERI", "SWZ", "ETH", "FJI", "GAB", "GMB", "GHA", "GRD", "GTM",
    "GIN", "GNB", "GUY", "HTI", "HND", "IND", "IDN", "IRN", "IRQ", "JAM",
    "JOR", "KEN", "KIR", "KWT", "LAO", "LBN", "LSO", "LBR", "LBY", "MDG",
    "MWI", "MYS", "MDV", "MLI", "MHL", "MRT", "MUS", "MEX", "FSM", "MNG",
    "MAR", "MOZ", "MMR", "NAM", "NRU", "NPL", "NIC", "NER", "NGA", "OMN",
    "PAK", "PSE", "PAN", "PNG", "PRY", "PER", "PHL", "QAT", "RWA", "KNA",
    "LCA", "VCT", "WSM", "STP", "SAU", "SEN", "SYC", "SLE", "SGP", "SLB",
    "SOM", "ZAF", "SSD", "LKA", "SDN", "SUR", "SYR", "TJK", "THA", "TLS",
    "TGO", "TON", "TTO", "TUN", "TKM", "UGA", "ARE", "TZA", "URY", "VUT",
    "VEN", "VNM", "YEM", "ZMB", "ZWE",
)  # fmt: skip

# The 22 League of Arab States members, all UN Member States except the State of Palestine.
_ARAB_GROUP = (
    "DZA", "BHR", "COM", "DJI", "EGY", "IRQ", "JOR", "KWT", "LBN", "LBY",
    "MRT", "MAR", "OMN", "PSE", "QAT", "SAU", "SOM", "SDN", "SYR", "TUN",
    "ARE", "YEM",
)  # fmt: skip

# Full CARICOM members that are UN Member States (Montserrat is a territory).
_CARICOM = (
    "ATG", "BHS", "BRB", "BLZ", "DMA", "GRD", "GUY", "HTI", "JAM", "KNA",
    "LCA", "VCT", "SUR", "TTO",
)  # fmt: skip

# AOSIS has 39 members; the Cook Islands and Niue are not UN Member States, leaving 37.
_ALLIANCE_OF_SMALL_ISLAND_STATES = (
    "ATG", "BHS", "BRB", "BLZ", "CPV", "COM", "CUB", "DMA", "DOM", "FJI",
    "GRD", "GNB", "GUY", "HTI", "JAM", "KIR", "MDV", "MHL", "MUS", "FSM",
    "NRU", "PLW", "PNG", "KNA", "LCA", "VCT", "WSM", "STP", "SYC", "SGP",
    "SLB", "SUR", "TLS", "TON", "TTO", "TUV", "VUT",
)  # fmt: skip

# UN-OHRLLS list of SIDS that are UN Member States: the AOSIS States plus Bahrain.
_SMALL_ISLAND_DEVELOPING_STATES = tuple(sorted((*_ALLIANCE_OF_SMALL_ISLAND_STATES, "BHR")))

# UN list of LDCs after Bhutan (December 2023) and Sao Tome and Principe (December 2024)
# graduated: 44. Solomon Islands' graduation was deferred, and Angola no longer meets the
# graduation criteria, so both remain on the list.
_LEAST_DEVELOPED_COUNTRIES = (
    "AFG", "AGO", "BGD", "BEN", "BFA", "BDI", "KHM", "CAF", "TCD", "COM",
    "COD", "DJI", "ERI", "ETH", "GMB", "GIN", "GNB", "HTI", "KIR", "LAO",
    "LSO", "LBR", "MDG", "MWI", "MLI", "MRT", "MOZ", "MMR", "NPL", "NER",
    "RWA", "SEN", "SLE", "SLB", "SOM", "SSD", "SDN", "TLS", "TGO", "TUV",
    "UGA", "TZA", "YEM", "ZMB",
)  # fmt: skip

_LANDLOCKED_DEVELOPING_COUNTRIES = (
    "AFG", "ARM", "AZE", "BTN", "BOL", "BWA", "BFA", "BDI", "CAF", "TCD",
    "SWZ", "ETH", "KAZ", "KGZ", "LAO", "LSO", "MWI", "MLI", "MNG", "NPL",
    "NER", "MKD", "PRY", "MDA", "RWA", "SSD", "TJK", "TKM", "UGA", "UZB",
    "ZMB", "ZWE",
)  # fmt: skip

# 120 members: every African Group State except South Sudan, 39 in Asia (with the State of
# Palestine), 26 in Latin America and the Caribbean, and Azerbaijan and Belarus in Europe.
_NON_ALIGNED_MOVEMENT = (
    *(code for code in _AFRICAN_GROUP if code != "SSD"),
    "AFG", "BHR", "BGD", "BTN", "BRN", "KHM", "PRK", "FJI", "IND", "IDN",
    "IRN", "IRQ", "JOR", "KWT", "LAO", "LBN", "MYS", "MDV", "MNG", "MMR",
    "NPL", "OMN", "PAK", "PSE", "PNG", "PHL", "QAT", "SAU", "SGP", "LKA",
    "SYR", "THA", "TLS", "TKM", "ARE", "UZB", "VUT", "VNM", "YEM",
    "ATG", "BHS", "BRB", "BLZ", "BOL", "CHL", "COL", "CUB", "DMA", "DOM",
    "ECU", "GRD", "GTM", "GUY", "HTI", "HND", "JAM", "NIC", "PAN", "PER",
    "KNA", "LCA", "VCT", "SUR", "TTO", "VEN",
    "AZE", "BLR",
)  # fmt: skip

GROUPS: tuple[Group, ...] = (
    Group("G77", "Group of 77 and China", _GROUP_OF_77_AND_CHINA),
    Group("EU", "European Union", _EUROPEAN_UNION),
    Group("AFRICAN", "African Group", _AFRICAN_GROUP),
    Group("ARAB", "Arab Group", _ARAB_GROUP),
    Group("CARICOM", "Caribbean Community", _CARICOM),
    Group("AOSIS", "Alliance of Small Island States", _ALLIANCE_OF_SMALL_ISLAND_STATES),
    Group("SIDS", "Small Island Developing States", _SMALL_ISLAND_DEVELOPING_STATES),
    Group("LDC", "Least Developed Countries", _LEAST_DEVELOPED_COUNTRIES),
    Group("LLDC", "Landlocked Developing Countries", _LANDLOCKED_DEVELOPING_COUNTRIES),
    Group("NAM", "Non-Aligned Movement", _NON_ALIGNED_MOVEMENT),
    Group(
        "CELAC", "Community of Latin American and Caribbean States", _LATIN_AMERICA_AND_CARIBBEAN
    ),
    Group("GRULAC", "Group of Latin American and Caribbean States", _LATIN_AMERICA_AND_CARIBBEAN),
    Group("WEOG", "Western European and other States", _WESTERN_EUROPEAN_AND_OTHERS),
    Group("APG", "Asia-Pacific Group", _ASIA_PACIFIC_GROUP),
    Group("EEG", "Eastern European Group", _EASTERN_EUROPEAN_GROUP),
)

# The five UN regional groups: every Member State belongs to exactly one of them.
REGIONAL_GROUP_CODES: tuple[str, ...] = ("AFRICAN", "APG", "EEG", "GRULAC", "WEOG")

_STATE_NAMES: dict[str, str] = dict(MEMBER_STATES + OBSERVER_STATES)
_GROUPS_BY_CODE: dict[str, Group] = {group.code: group for group in GROUPS}


def state_name(code: str) -> str:
    """Return the UN name of a Member or observer State from its ISO3 code."""
    try:
        return _STATE_NAMES[code.upper()]
    except KeyError:
        raise KeyError(f"no Member or observer State has the code {code!r}") from None


def group_by_code(code: str) -> Group:
    """Return the group with the given code (e.g. "G77", "EU")."""
    try:
        return _GROUPS_BY_CODE[code.upper()]
    except KeyError:
        known = ", ".join(_GROUPS_BY_CODE)
        raise KeyError(f"no group has the code {code!r}; known groups: {known}") from None


def groups_of(code: str) -> tuple[Group, ...]:
    """Return every group the State with this ISO3 code belongs to, in GROUPS order."""
    state_name(code)  # an unknown code is an error, not an empty answer
    return tuple(group for group in GROUPS if code.upper() in group.members)
