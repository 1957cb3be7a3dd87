"""The offline district finder for location pins (data/districts.toml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.services.districts import load_districts
from bot.services.geo import distance_km, load_geography, map_link

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def geo():  # type: ignore[no-untyped-def]
    known = {d.id for d in load_districts(DATA / "venues.toml")}
    found = load_geography(DATA / "districts.toml", known)
    assert found is not None
    return found


def test_every_district_of_venues_has_a_place_and_ids_match(geo) -> None:  # type: ignore[no-untyped-def]
    assert {p.id for p in geo.places} == {d.id for d in load_districts(DATA / "venues.toml")}


@pytest.mark.parametrize(("lat", "lon", "district"), [
    (44.84, 65.50, "kyzylorda"),     # the city centre
    (45.62, 63.32, "baikonur"),
    (46.79, 61.66, "aral"),          # Aralsk
    (45.76, 62.11, "kazaly"),        # Kazalinsk
    (45.49, 64.08, "karmakshy"),     # Zhosaly
    (45.10, 64.70, "zhalagash"),
    (44.20, 66.70, "shieli"),
    (43.90, 67.20, "zhanakorgan"),
    (45.05, 66.00, "syrdariya"),     # Terenozek
])
def test_pins_near_each_centre_give_its_district(geo, lat: float, lon: float, district: str) -> None:  # type: ignore[no-untyped-def]
    assert geo.locate(lat, lon) == district


def test_outside_the_region_nothing_is_suggested(geo) -> None:  # type: ignore[no-untyped-def]
    assert geo.locate(51.13, 71.43) is None   # Astana
    assert geo.locate(43.24, 76.89) is None   # Almaty
    assert geo.locate(42.32, 69.59) is None   # Shymkent


def test_a_village_between_the_city_and_terenozek_is_not_the_city(geo) -> None:  # type: ignore[no-untyped-def]
    assert geo.locate(44.98, 65.80) == "syrdariya"  # ~25 km from the city: outside its radius


def test_distance_and_map_link() -> None:
    assert 800 < distance_km(44.85, 65.51, 51.13, 71.43) < 850  # Kyzylorda - Astana: about 825 km in a line
    assert map_link(44.85, 65.51).startswith("https://www.openstreetmap.org/?mlat=44.85000&mlon=65.51000")


def test_a_wrong_file_is_an_error_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "districts.toml"
    bad.write_text('[region]\nsouth = 43.4\nnorth = 47.3\nwest = 58.5\neast = 68.3\n'
                   '[[district]]\nid = "atlantis"\nlat = 44.0\nlon = 65.0\n', encoding="utf-8")
    with pytest.raises(ValueError, match="atlantis"):
        load_geography(bad, {"aral"})
    assert load_geography(tmp_path / "missing.toml") is None
