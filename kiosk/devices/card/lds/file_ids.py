"""The chip's elementary file identifiers (ICAO 9303 part 10): what a reader SELECTs."""

FILE_IDS: dict[str, int] = {
    "COM": 0x011E,
    "SOD": 0x011D,
    "DG1": 0x0101,
    "DG2": 0x0102,
    "DG13": 0x010D,
    "DG14": 0x010E,
    "DG15": 0x010F,
}
