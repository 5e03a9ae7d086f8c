"""The honest corpus's tally: every honest kernel's verdict is recorded (test_honest.py), and the run ends
with the false-rejection rate in the terminal summary, which pytest prints whether or not output is captured.
When the adversarial suite ran in the same session, its false-pass rate is printed next to it."""

from __future__ import annotations


HONEST: dict[str, str] = {}  # case -> "pass" or the check that rejected it
ADVERSARIAL: dict[str, bool] = {}  # case -> accepted (a false pass)


class AdversarialTally:
    """Registered as a plugin, not left as a conftest hook: pytest calls a conftest's report hooks only for
    the tests below its own folder, and the adversarial suite lives next door."""

    @staticmethod
    def pytest_runtest_logreport(report):
        if report.when != "call" or "test_case_is_rejected[" not in report.nodeid:
            return
        case = report.nodeid.split("[", 1)[1].rstrip("]")
        # assert_rejected_as_expected says FALSE ACCEPT only when the verdict was not a rejection; a wrong
        # stage or check fails the suite but is still a rejection
        ADVERSARIAL[case] = report.failed and "FALSE ACCEPT" in str(report.longrepr)


class HonestTally:
    """Each honest kernel's verdict, from the report of its test (the test records it as a user property), so
    that the tally is the same whether the tests ran in this process or in pytest-xdist's workers."""

    @staticmethod
    def pytest_runtest_logreport(report):
        if report.when != "call" or "test_honest_kernel_passes[" not in report.nodeid:
            return
        case = report.nodeid.split("[", 1)[1].rstrip("]")
        HONEST[case] = str(dict(report.user_properties).get("verdict", "error in the test"))


def pytest_configure(config):
    if not config.pluginmanager.has_plugin("kp-adversarial-tally"):
        config.pluginmanager.register(AdversarialTally(), "kp-adversarial-tally")
    if not config.pluginmanager.has_plugin("kp-honest-tally"):
        config.pluginmanager.register(HonestTally(), "kp-honest-tally")


def pytest_terminal_summary(terminalreporter):
    if HONEST:
        rejected = sorted(k for k, v in HONEST.items() if v != "pass")
        rate = len(rejected) / len(HONEST)
        terminalreporter.write_line(
            f"honest corpus: {len(HONEST)} kernels judged, {len(rejected)} rejected: false-rejection rate {rate:.1%}"
            + (f" ({', '.join(f'{k}: {HONEST[k]}' for k in rejected)})" if rejected else ""))
    if ADVERSARIAL:
        accepted = sorted(k for k, v in ADVERSARIAL.items() if v)
        terminalreporter.write_line(
            f"adversarial suite: {len(ADVERSARIAL)} cases judged, {len(accepted)} accepted: false-pass rate "
            f"{len(accepted) / len(ADVERSARIAL):.1%}" + (f" ({', '.join(accepted)})" if accepted else ""))
