"""Every ``--help`` has one example, and the example itself is a valid command line."""

import argparse
import shlex

from breathingroom.cli import build_parser


def every_parser():
    top = build_parser()
    yield "breathing-room", top
    for action in top._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, parser in action.choices.items():
                yield f"breathing-room {name}", parser


def test_every_help_has_one_example_that_parses():
    seen = 0
    for prog, parser in every_parser():
        text = parser.format_help()
        assert text.count("Example: ") == 1, prog
        example = text.split("Example: ", 1)[1].split(". Each")[0].split(" (")[0]
        argv = shlex.split(" ".join(example.split()))
        assert argv[0] == "breathing-room", prog
        if prog != "breathing-room":
            assert argv[1] == prog.split()[1], prog
        build_parser().parse_args(argv[1:])  # exits (and fails the test) if it is not valid
        seen += 1
    assert seen >= 14


def test_log_help_says_which_end_of_each_scale_is_which():
    parser = dict(every_parser())["breathing-room log"]
    text = " ".join(parser.format_help().split())
    assert "1 = very unpleasant" in text and "9 = very pleasant" in text
    assert "1 = very low energy" in text and "9 = very high energy" in text
    assert "0 = none at all, 10 = the most you can imagine" in text
