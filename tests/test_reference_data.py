"""Delegation reference data: the lists delegates pick from and speak on behalf of."""

import pytest

from tracker.models import alphabetical_key
from tracker.reference_data import (
    GROUPS,
    MEMBER_STATES,
    OBSERVER_STATES,
    REGIONAL_GROUP_CODES,
    group_by_code,
    groups_of,
    state_name,
)

MEMBER_CODES = {code for code, _ in MEMBER_STATES}
OBSERVER_CODES = {code for code, _ in OBSERVER_STATES}


def test_there_are_193_member_states_with_unique_codes_and_names() -> None:
    assert len(MEMBER_STATES) == 193
    assert len(MEMBER_CODES) == 193
    assert len({name for _, name in MEMBER_STATES}) == 193


def test_codes_are_three_capital_letters() -> None:
    for code, _ in MEMBER_STATES + OBSERVER_STATES:
        assert len(code) == 3 and code.isascii() and code.isupper(), code


def test_member_states_are_in_un_list_order() -> None:
    names = [name for _, name in MEMBER_STATES]
    assert names == sorted(names, key=alphabetical_key)


def test_observer_states_are_the_holy_see_and_palestine() -> None:
    assert dict(OBSERVER_STATES) == {"VAT": "Holy See", "PSE": "State of Palestine"}
    assert not OBSERVER_CODES & MEMBER_CODES


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("BOL", "Bolivia (Plurinational State of)"),
        ("TUR", "Türkiye"),
        ("CIV", "Côte d'Ivoire"),
        ("PRK", "Democratic People's Republic of Korea"),
        ("KOR", "Republic of Korea"),
        ("GBR", "United Kingdom of Great Britain and Northern Ireland"),
        ("USA", "United States of America"),
        ("VEN", "Venezuela (Bolivarian Republic of)"),
        ("SWZ", "Eswatini"),
        ("MKD", "North Macedonia"),
        ("CZE", "Czechia"),
        ("VNM", "Viet Nam"),
    ],
)
def test_names_are_those_used_in_un_documents(code: str, name: str) -> None:
    assert state_name(code) == name


def test_every_group_member_is_a_member_or_observer_state() -> None:
    for group in GROUPS:
        strangers = set(group.members) - MEMBER_CODES - OBSERVER_CODES
        assert not strangers, f"{group.code}: {sorted(strangers)}"


def test_no_group_lists_a_state_twice() -> None:
    for group in GROUPS:
        assert len(set(group.members)) == len(group.members), group.code


def test_group_codes_are_unique() -> None:
    codes = [group.code for group in GROUPS]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize(
    ("code", "size"),
    [
        ("G77", 135),
        ("EU", 27),
        ("AFRICAN", 54),
        ("ARAB", 22),
        ("CARICOM", 14),
        ("AOSIS", 37),
        ("SIDS", 38),
        ("LDC", 44),
        ("LLDC", 32),
        ("NAM", 120),
        ("CELAC", 33),
        ("GRULAC", 33),
        ("WEOG", 29),
        ("APG", 54),
        ("EEG", 23),
    ],
)
def test_group_sizes(code: str, size: int) -> None:
    assert len(group_by_code(code).members) == size


def test_every_member_state_is_in_exactly_one_regional_group() -> None:
    regional = [group_by_code(code) for code in REGIONAL_GROUP_CODES]
    for code in MEMBER_CODES:
        homes = [group.code for group in regional if code in group.members]
        assert len(homes) == 1, f"{code} is in {homes}"


def test_observer_states_are_in_no_regional_group() -> None:
    for code in REGIONAL_GROUP_CODES:
        assert not OBSERVER_CODES & set(group_by_code(code).members)


def test_g77_includes_china_palestine_and_latin_americans() -> None:
    g77 = group_by_code("G77").members
    for code in ("CHN", "PSE", "MEX", "CHL", "BRA", "IND", "ZAF", "BIH"):
        assert code in g77, code
    for code in ("KOR", "TUR", "RUS", "PLW", "TUV", "USA"):
        assert code not in g77, code


def test_eu_spot_checks() -> None:
    eu = group_by_code("EU").members
    assert "FRA" in eu and "CYP" in eu and "HRV" in eu
    assert "NOR" not in eu and "GBR" not in eu and "CHE" not in eu


def test_regional_group_spot_checks() -> None:
    assert groups_of("FRA") == (group_by_code("EU"), group_by_code("WEOG"))
    assert "MEX" in group_by_code("GRULAC").members
    assert "CYP" in group_by_code("APG").members
    assert "TUR" in group_by_code("WEOG").members
    assert "ISR" in group_by_code("WEOG").members
    assert "KIR" in group_by_code("APG").members


def test_every_arab_group_state_is_a_member_of_the_african_or_asia_pacific_group() -> None:
    african_or_asian = set(group_by_code("AFRICAN").members) | set(group_by_code("APG").members)
    assert set(group_by_code("ARAB").members) - {"PSE"} <= african_or_asian


def test_graduated_countries_are_no_longer_ldcs() -> None:
    ldc = group_by_code("LDC").members
    for graduated in ("BTN", "STP", "VUT", "WSM", "MDV", "CPV", "BWA", "GNQ"):
        assert graduated not in ldc, graduated
    assert "SLB" in ldc and "AGO" in ldc


def test_caricom_states_are_all_in_grulac() -> None:
    assert set(group_by_code("CARICOM").members) <= set(group_by_code("GRULAC").members)


def test_lookups_accept_lower_case() -> None:
    assert state_name("mex") == "Mexico"
    assert group_by_code("g77").name == "Group of 77 and China"


def test_unknown_codes_are_refused_with_the_code_named() -> None:
    with pytest.raises(KeyError, match="'XYZ'"):
        state_name("XYZ")
    with pytest.raises(KeyError, match="'G20'.*known groups: G77"):
        group_by_code("G20")
    with pytest.raises(KeyError, match="'EUR'"):
        groups_of("EUR")
