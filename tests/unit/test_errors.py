import pickle
from pathlib import Path

from builder.errors import Location, ProblemsFound, SiteError


def test_errors_cross_to_the_parent_process_whole():
    """Articles are read in worker processes (400 and more): what they raise is pickled to the parent.
    Several problems in one article (two misspelled pins) came back as a TypeError instead."""
    one = SiteError("pin names 'x', which is not in the knowledge base", Location(Path("a.md"), 4), "did you mean 'y'?")
    several = ProblemsFound("a.md", (one, SiteError("date 2024-02-30 does not exist", Location(Path("a.md"), 3))))
    for error in (one, several):
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error) and back.render() == error.render()
    assert pickle.loads(pickle.dumps(one)).location == Location(Path("a.md"), 4)
