from pathlib import Path

import pytest

from builder.config import load_config
from builder.errors import SiteError

GOOD = 'title = "موقع"\nbase_url = "/"\n\n[pages]\nentity_page_size = 5\n'


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path, text) -> str:
    with pytest.raises(SiteError) as info:
        load_config(write(tmp_path, text))
    return info.value.render()


def test_defaults_and_values(tmp_path):
    config = load_config(write(tmp_path, GOOD))
    assert config.title == "موقع"
    assert config.language == "ar" and config.direction == "rtl"
    assert config.entity_page_size == 5 and config.home_latest == 10
    assert config.output_dir == tmp_path.resolve() / "output"
    assert config.search is True


@pytest.mark.parametrize(
    "base_url, path, absolute",
    [
        ("/", "/", None),
        ("/research", "/research/", None),
        ("https://user.github.io/research/", "/research/", "https://user.github.io/research/"),
        ("https://example.org", "/", "https://example.org/"),
    ],
)
def test_base_url_gives_the_path_links_start_with(tmp_path, base_url, path, absolute):
    config = load_config(write(tmp_path, f'title = "x"\nbase_url = "{base_url}"\n'))
    assert config.base_path == path
    assert config.absolute_base == absolute


def test_a_misspelled_section_is_told_the_section_it_means(tmp_path):
    """`[page]` was "unknown setting 'page'" with "remove it"; its keys are not read at all."""
    message = error_of(tmp_path, 'title = "x"\n\n[page]\nrelated = 3\n\n[colours]\ntext = "red"\n')
    assert message.splitlines()[1:] == [
        f"  1. {tmp_path / 'site.toml'}:3: unknown section [page] (did you mean [pages]?)",
        f"  2. {tmp_path / 'site.toml'}:6: unknown section [colours] (known sections: [data], [events], [ingest], [pages], "
        "[search]; others are not read: remove it)",
    ]


def test_unknown_key_names_file_line_and_suggestion(tmp_path):
    message = error_of(tmp_path, 'title = "x"\n\n[pages]\nentity_pagesize = 3\n')
    assert message == (
        f"{tmp_path / 'site.toml'}:4: unknown setting 'pages.entity_pagesize' "
        "(did you mean 'pages.entity_page_size'?)"
    )


def test_wrong_type_names_the_line(tmp_path):
    message = error_of(tmp_path, 'title = "x"\n[pages]\nhome_latest = "ten"\n')
    assert message.startswith(f"{tmp_path / 'site.toml'}:3: pages.home_latest must be a whole number")


def test_bad_values(tmp_path):
    assert "direction must be one of" in error_of(tmp_path, 'title = "x"\ndirection = "up"\n')
    assert "base_url must start with" in error_of(tmp_path, 'title = "x"\nbase_url = "ftp://x/"\n')
    assert "must be 1 or more" in error_of(tmp_path, 'title = "x"\n[pages]\nrelated = 0\n')
    assert "missing required setting 'title'" in error_of(tmp_path, 'base_url = "/"\n')


def test_several_problems_are_reported_together(tmp_path):
    message = error_of(tmp_path, 'title = ""\ncolour = "red"\n')
    assert "found 2 problems" in message
    assert ":1: title must not be empty" in message and ":2: unknown setting 'colour'" in message


def test_toml_syntax_error_gives_the_line(tmp_path):
    message = error_of(tmp_path, 'title = "x"\nbase_url = /oops\n')
    assert message.startswith(f"{tmp_path / 'site.toml'}:2: not valid TOML")
