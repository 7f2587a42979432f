"""PyInstaller hook for phonenumbers, replacing the contributed one.

phonenumbers imports its per-region metadata lazily by name, so the metadata modules
are hidden imports. Only parsing, validation and number types are used here: the
geocoder, carrier and time-zone tables (over 40 MB) stay out of the bundle.
"""

from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("phonenumbers.data") + collect_submodules(
    "phonenumbers.shortdata"
)
