"""Interface strings: English has exactly Arabic's keys, templates use only known keys, plurals, fallback."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
import yaml

from builder.render.charts import ChartLabels
from builder.config import load_config
from builder.errors import SiteError
from builder.render.i18n import PLURAL_FORMS, THEME, is_plural, language_files, load_strings, untranslated
from builder.render.numerals import count_phrase

AR = yaml.safe_load((THEME / "i18n" / "ar.yaml").read_text(encoding="utf-8"))
EN = yaml.safe_load((THEME / "i18n" / "en.yaml").read_text(encoding="utf-8"))


def shape(value, path: str = "") -> dict[str, str]:
    """dotted key → kind of value; a plural table is one value (languages have different forms)."""
    if is_plural(value):
        return {path: "plural"}
    if isinstance(value, dict):
        out: dict[str, str] = {}
        for key, sub in value.items():
            out.update(shape(sub, f"{path}.{key}" if path else str(key)))
        return out
    if isinstance(value, list):
        return {path: f"list of {len(value)}"}
    return {path: type(value).__name__}


def placeholders(value) -> set[str]:
    texts = value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]
    return {name for text in texts if isinstance(text, str) for _, name, _, _ in string.Formatter().parse(text) if name}


def leaf(data, dotted: str):
    for part in dotted.split("."):
        data = data[part]
    return data


def test_english_has_exactly_the_keys_of_arabic():
    ar, en = shape(AR), shape(EN)
    assert sorted(set(ar) - set(en)) == [], "keys in ar.yaml that en.yaml lacks"
    assert sorted(set(en) - set(ar)) == [], "keys in en.yaml that ar.yaml lacks"
    assert {k: v for k, v in en.items() if ar[k] != v} == {}, "same keys, different kinds of value"


def test_placeholders_agree():
    """The same {names} in both languages; a plural form may spell its number out ("one article")."""
    for dotted, kind in shape(AR).items():
        ar, en = placeholders(leaf(AR, dotted)), placeholders(leaf(EN, dotted))
        if kind == "plural":
            assert ar <= {"n"} and en <= {"n"}, dotted
        else:
            assert ar == en, dotted


def test_plural_tables_use_cldr_forms_and_have_other():
    for data in (AR, EN):
        for dotted, kind in shape(data).items():
            if kind == "plural":
                table = leaf(data, dotted)
                assert set(table) <= PLURAL_FORMS and table["other"], dotted


@pytest.mark.parametrize(
    ("n", "phrase"),
    [(0, "no articles"), (1, "1 article"), (2, "2 articles"), (3, "3 articles"), (11, "11 articles"),
     (100, "100 articles"), (101, "101 articles"), (102, "102 articles"), (1234, "1,234 articles")],
)
def test_english_plurals(n, phrase):
    assert count_phrase(n, EN["counts"]["articles"], "western").replace("\u00a0", " ") == phrase


@pytest.mark.parametrize(("n", "phrase"), [(0, "لا مقالات"), (1, "مقال واحد"), (2, "مقالان"), (3, "3 مقالات"),
                                           (11, "11 مقالًا"), (100, "100 مقال")])
def test_arabic_plurals(n, phrase):
    assert count_phrase(n, AR["counts"]["articles"], "western").replace("\u00a0", " ") == phrase


def test_chart_labels_follow_the_language():
    english = ChartLabels.from_strings(EN, language="en")
    assert english.rtl is False and english.months[2] == "March"
    assert english.count(english.articles, 1) == "1 article" and english.count(english.articles, 2) == "2 articles"
    assert english.month_label(2024, 3) == "March 2024"
    arabic, built_in = ChartLabels.from_strings(AR), ChartLabels.arabic()  # ar.yaml's chart table: the built-in Arabic
    for name in AR["chart"]:
        assert getattr(arabic, name) == getattr(built_in, name), name


def test_every_key_the_templates_use_exists():
    used = set()
    for template in (THEME / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bt\.([a-z_]+)", text)) | set(re.findall(r"\bt\[\s*\"([a-z_]+)\"\s*\]", text))
    assert sorted(used - set(AR) - {"months"}) == []  # months: CLDR's for the language (load_strings)


def site(tmp_path: Path, language: str, direction: str = "ltr") -> Path:
    (tmp_path / "site.toml").write_text(f'title = "x"\nlanguage = "{language}"\ndirection = "{direction}"\n',
                                        encoding="utf-8")
    return tmp_path


def test_a_third_language_from_the_site_folder_falls_back_to_english(tmp_path):
    root = site(tmp_path, "fr")
    (root / "i18n").mkdir()
    (root / "i18n" / "fr.yaml").write_text("home: Accueil\nkinds:\n  person: Personnes\n", encoding="utf-8")
    config = load_config(root / "site.toml")
    strings = load_strings(config)
    assert strings["home"] == "Accueil" and strings["kinds"]["person"] == "Personnes"
    assert strings["articles"] == "Articles" and strings["kinds"]["city"] == "Cities"  # English, key by key
    assert strings["counts"]["articles"] == EN["counts"]["articles"]
    assert strings["months"][2] == "mars"  # CLDR's French, not English
    (warning,) = untranslated(config)
    count = (len(EN) - 2) + (len(EN["kinds"]) - 1)  # a table missing whole counts once
    assert warning.startswith(f"i18n/fr.yaml: {count} interface strings missing, shown in English: skip_to_content, ")
    assert "and " in warning and "en.yaml and translate them" in warning


def test_the_warning_names_each_missing_key(tmp_path):
    root = site(tmp_path, "fr")
    (root / "i18n").mkdir()
    french = {**EN, "home": "Accueil", "kinds": {k: v for k, v in EN["kinds"].items() if k != "city"}}
    del french["articles"]
    (root / "i18n" / "fr.yaml").write_text(yaml.safe_dump(french, allow_unicode=True), encoding="utf-8")
    (warning,) = untranslated(load_config(root / "site.toml"))
    assert warning.startswith("i18n/fr.yaml: 2 interface strings missing, shown in English: articles, kinds.city (")


def test_a_complete_language_has_no_warning(tmp_path):
    for language in ("ar", "en"):
        assert untranslated(load_config(site(tmp_path, language) / "site.toml")) == []


def test_a_language_without_any_file_names_the_file_to_add(tmp_path):
    config = load_config(site(tmp_path, "fr") / "site.toml")
    with pytest.raises(SiteError) as error:
        load_strings(config)
    assert "no interface strings for language 'fr'" in str(error.value)
    assert "i18n/fr.yaml" in str(error.value) and "en.yaml" in str(error.value)


def test_a_regional_tag_uses_its_language(tmp_path):
    root = site(tmp_path, "ar-EG", "rtl")
    (root / "i18n").mkdir()
    (root / "i18n" / "ar-EG.yaml").write_text("home: الصفحة الأولى\n", encoding="utf-8")
    config = load_config(root / "site.toml")
    assert [p.name for p in language_files(config)] == ["ar.yaml", "ar-EG.yaml"]
    strings = load_strings(config)
    assert strings["home"] == "الصفحة الأولى" and strings["articles"] == AR["articles"]
    assert untranslated(config) == []


def test_a_site_override_replaces_one_key(tmp_path):
    root = site(tmp_path, "ar", "rtl")
    (root / "i18n").mkdir()
    (root / "i18n" / "ar.yaml").write_text("footer_about: موقع تجريبي.\n", encoding="utf-8")
    strings = load_strings(load_config(root / "site.toml"))
    assert strings["footer_about"] == "موقع تجريبي." and strings["home"] == AR["home"]


def test_bad_yaml_names_the_file_and_line(tmp_path):
    root = site(tmp_path, "en")
    (root / "i18n").mkdir()
    (root / "i18n" / "en.yaml").write_text("home: Home\nnav_label: [unclosed\n", encoding="utf-8")
    with pytest.raises(SiteError) as error:
        load_strings(load_config(root / "site.toml"))
    assert "en.yaml" in str(error.value.location) and error.value.location.line is not None


# Jinja reads ``t.copy`` as the strings dict's method before its "copy" key: a badge once showed
# "<built-in method copy of dict object at 0x…>". Such keys are read with brackets: t["copy"].
_DICT_METHODS = "|".join(name for name in dir(dict) if not name.startswith("_"))
_AS_ATTRIBUTE = re.compile(rf"\bt(?:\.\w+)*\.({_DICT_METHODS})\b(?!\s*\()")


@pytest.mark.parametrize("template", sorted((THEME / "templates").glob("*.html")), ids=lambda p: p.name)
def test_no_template_reads_a_string_named_like_a_dict_method_as_an_attribute(template):
    assert _AS_ATTRIBUTE.findall(template.read_text(encoding="utf-8")) == []
