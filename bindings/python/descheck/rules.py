"""Rule sets and scenarios."""

from __future__ import annotations

import os as _os

from . import _core
from ._args import _paths


class RuleSet:
    """A loaded and validated rule set, with any scenarios applied (immutable).

    Made by :func:`load_rules` (or :meth:`with_scenarios`); pass it to every other function. It is
    safe to share between threads.

    Attributes
    ----------
    id : str
        Rule-set id, e.g. ``"des-england"``.
    label : str
        One-line title of the rule set.
    version : str
        Version from ``ruleset.yaml``.
    scenario_id : str
        ``"baseline"`` without scenarios, else the scenario ids joined with ``+``.
    services, service_labels : list of str
        Service ids (in rule-set order) and their titles.
    requirements : list of (str, str)
        ``(service_id, requirement_id)`` for every requirement.
    roles, role_labels : list of str
        Staff role ids and their titles.
    drivers : list of str
        Driver ids: the network attributes (columns of a networks file) demand scales with.
    directory : str or None
        The directory it was read from.
    scenarios : tuple of str
        The scenario files applied, in order.
    """

    __slots__ = ("_core", "_directory", "_scenarios")

    def __init__(self, core: _core.RuleSet, directory: str | None = None, scenarios: tuple[str, ...] = ()):
        self._core = core
        self._directory = directory
        self._scenarios = tuple(scenarios)

    id = property(lambda self: self._core.id, doc="Rule-set id, e.g. ``'des-england'``.")
    label = property(lambda self: self._core.label, doc="One-line title of the rule set.")
    version = property(lambda self: self._core.version, doc="Version from ``ruleset.yaml``.")
    scenario_id = property(
        lambda self: self._core.scenario_id,
        doc="``'baseline'`` without scenarios, else the applied scenario ids joined with ``+``.",
    )
    services = property(lambda self: list(self._core.services), doc="Service ids, in rule-set order.")
    service_labels = property(lambda self: list(self._core.service_labels), doc="Service titles, as ``services``.")
    requirements = property(
        lambda self: [tuple(r) for r in self._core.requirements],
        doc="``(service_id, requirement_id)`` of every requirement, in rule-set order.",
    )
    roles = property(lambda self: list(self._core.roles), doc="Staff role ids.")
    role_labels = property(lambda self: list(self._core.role_labels), doc="Staff role titles, as ``roles``.")
    drivers = property(lambda self: list(self._core.drivers), doc="Driver ids (network attributes).")
    directory = property(lambda self: self._directory, doc="The rule-set directory it was read from.")
    scenarios = property(lambda self: self._scenarios, doc="Scenario files applied, in order.")

    def service_label(self, service: str) -> str:
        """The title of service ``service`` (its id when unknown; ``'all'`` is "All services")."""
        if service == "all":
            return "All services"
        return dict(zip(self._core.services, self._core.service_labels)).get(service, service)

    def role_label(self, role: str) -> str:
        """The title of role ``role`` (its id when unknown)."""
        return dict(zip(self._core.roles, self._core.role_labels)).get(role, role)

    def doc(self) -> str:
        """The rule set as a Markdown reference page: every service, requirement, date and number
        with its status and source (what ``descheck doc`` prints)."""
        return self._core.doc()

    def with_scenarios(self, scenarios) -> RuleSet:
        """This rule set with scenario files stacked on top, in order (see :func:`apply_scenarios`)."""
        return apply_scenarios(self, scenarios)

    def __repr__(self) -> str:
        return (
            f"<RuleSet {self.id} {self.version} ({self.label}), scenario {self.scenario_id}: "
            f"{len(self._core.services)} services, {len(self._core.requirements)} requirements, "
            f"{len(self._core.roles)} roles, {len(self._core.drivers)} drivers>"
        )


def load_rules(directory, scenarios=()) -> RuleSet:
    """Read and validate a rule-set directory, with scenarios applied on top in order.

    Parameters
    ----------
    directory : str or os.PathLike
        A rule-set directory (``ruleset.yaml``, ``roles.yaml``, ``drivers.yaml``, ``services/``),
        e.g. ``"specs/des-england"``.
    scenarios : path or sequence of paths, optional
        Scenario YAML files (e.g. ``specs/des-england/scenarios/draft-dec-2019.yaml``), stacked in
        the order given, each validated against the rule set the ones before it made.

    Returns
    -------
    RuleSet

    Raises
    ------
    RuleError
        The rule set or a scenario is malformed: every problem with its file, line, column and code.
    """
    directory = _os.fsdecode(directory)
    files = _paths(scenarios)
    return RuleSet(_core.load_rules(directory, files), directory, tuple(files))


def apply_scenarios(rules: RuleSet, scenarios) -> RuleSet:
    """A new rule set: ``rules`` with scenario files stacked on top, in order.

    Parameters
    ----------
    rules : RuleSet
    scenarios : path or sequence of paths
        Scenario YAML files. A bad scenario is refused whole and ``rules`` is unchanged.

    Returns
    -------
    RuleSet

    Raises
    ------
    RuleError
        A scenario is malformed or cannot be applied (e.g. DC080: unknown target).
    """
    files = _paths(scenarios)
    return RuleSet(_core.apply_scenarios(_rules(rules), files), rules.directory, rules.scenarios + tuple(files))


def scenario_label(rules: RuleSet, path) -> str:
    """The one-line label of a scenario file (its id when it has none), validated against ``rules``."""
    return _core.scenario_label(_rules(rules), _os.fsdecode(path))


def _rules(rules: RuleSet) -> _core.RuleSet:
    if isinstance(rules, RuleSet):
        return rules._core
    if isinstance(rules, _core.RuleSet):
        return rules
    raise TypeError(f"rules must be a descheck.RuleSet (from load_rules), not {type(rules).__name__}")
