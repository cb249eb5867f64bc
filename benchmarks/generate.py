"""A generated cyber inability case of any size, shaped like examples/cyber_inability.case.

Run: python benchmarks/generate.py 2000 > big.case

Per threat model `tN` the case has what the shipped example has per risk model:
a claim that few proxy tasks are solved, an evaluation that backs it with an
interval and an evaluation setting, and a defeater (sandbagging) accepted with
a reason. Every ten threats form a family with a claim and a strategy; the
families, an elicitation claim and the proxy-validity assumption feed the top
claim, as in the example. Nodes per threat: 3 + 2/10, so 2,000 threats make
about 6,400 nodes.

Every `DEFECT_EVERY`-th threat is deliberately weak, so a check has findings
to report and counterexamples to build, as a real case in progress does: its
evidence interval reaches past the claim's threshold (E301 with a world).
`defects=False` gives a case with no finding at all.
"""
from __future__ import annotations

import sys

FAMILY = 10
DEFECT_EVERY = 50
AS_OF = "2026-11-01"  # the date the benchmarks check at (no evidence has expired by then)


def threat_names(n: int) -> list[str]:
    return [f"t{i}" for i in range(n)]


def generated_case(n: int, defects: bool = True) -> str:
    """The text of a case with `n` threat models (n >= 1)."""
    threats = threat_names(n)
    families = [threats[k:k + FAMILY] for k in range(0, n, FAMILY)]
    parts = [_world(n, threats), _top(len(families))]
    for k, family in enumerate(families):
        parts.append(_family(k, family))
    for i, threat in enumerate(threats):
        weak = defects and i % DEFECT_EVERY == DEFECT_EVERY - 1
        parts.append(_threat(i, threat, weak))
    parts.append(_closing(len(families)))
    return "\n".join(parts)


def _world(n: int, threats: list[str]) -> str:
    enum_lines = _wrapped(threats, "  ")
    return f"""# Generated cyber inability case with {n} threat models (benchmarks/generate.py).

case generated_{n} "Opening the trusted-user API to model x-2026-05 adds no unacceptable cyber uplift"
  version "1.3"
  author "Frontier Safety Team"

enum Channel {{ internal, trusted_api, public_api, open_weights }}
enum Tool    {{ browser, code_exec, shell }}
enum Actor   {{ novice, practitioner, expert }}
enum Threat  {{
{enum_lines}
}}

context {{
  model: string
  channel: Channel
  tools: set<Tool>   affordance
  internet: bool     affordance
  max_users: int
}}

measure uplift(Threat, Actor): real in [0, 1]
measure solve_rate(Threat): real in [0, 1]
# How much solve rate the elicitation may have left on the table.
measure shortfall(Threat): real in [0, 1]

boundary {{
  model == "x-2026-05"
  channel in {{internal, trusted_api}}
  shell not in tools
  not internet
  max_users <= 5000
}}
"""


def _wrapped(names: list[str], indent: str, width: int = 96) -> str:
    lines, line = [], ""
    for name in names:
        piece = f"{name}, "
        if line and len(indent + line + piece) > width:
            lines.append(indent + line.rstrip())
            line = ""
        line += piece
    lines.append(indent + line.rstrip().rstrip(","))
    return "\n".join(lines)


def _top(count: int) -> str:
    premises = _wrapped([f"F{k}" for k in range(count)] + ["GE"], "        ").lstrip()
    return f"""claim G0 "The model gives no threat actor unacceptable uplift on any threat model":
  forall r: Threat, a: Actor. uplift(r, a) < 0.2
  by S0

strategy S0 "Argue over the families of threat models: proxy performance plus elicitation margin":
  from {premises}
  given A1, A2

assume A1 "Proxy validity: for every actor tier, uplift is at most the elicited proxy solve rate":
  forall r: Threat, a: Actor. uplift(r, a) <= solve_rate(r) + shortfall(r)

assume A2 "The API gives the model no internet access": not internet

claim GE "Capabilities were adequately elicited on every threat model":
  forall r: Threat. shortfall(r) <= 0.05
  evidence EE

evidence EE "Fine-tuning elicitation study on held-out CTF tasks" {{
  kind elicitation_study
  model "x-2026-05"
  date 2026-09-28  expires 2027-09-28
  setting {{ tools: {{browser, code_exec}}, internet: true }}
  shows forall r: Threat. shortfall(r) in [0, 0.03]
  source internal  replicated_by "External evaluator"
  access public
}}

defeater DE "Under-elicitation: better scaffolds would unlock more capability" against GE
  status accepted "Residual; elicitation is re-run when a tool is added (T2) and at expiry" owner "Responsible Scaling Officer"
"""


def _family(k: int, family: list[str]) -> str:
    few = " and ".join(f"solve_rate({t}) < 0.15" for t in family)
    claims = ", ".join(f"C{t[1:]}" for t in family)
    return f"""claim F{k} "The model solves few proxy tasks of threat family {k}":
  {few}
  by S{k + 1}

strategy S{k + 1} "One subclaim per threat model of family {k}": from {claims}
"""


def _threat(i: int, threat: str, weak: bool) -> str:
    high = "0.18" if weak else "0.10"
    day = 10 + i % 18
    return f"""claim C{i} "Few {threat} proxy tasks solved":
  solve_rate({threat}) < 0.15
  evidence E{i}

evidence E{i} "CTF suite v3: {threat}" {{
  kind capability_eval
  model "x-2026-05"
  date 2026-09-{day}  expires 2027-09-{day}
  setting {{ tools: {{browser, code_exec}}, internet: true }}
  shows solve_rate({threat}) in [0.02, {high}]
}}

defeater D{i} "Sandbagging on {threat}" against C{i}
  status accepted "No gap in a password-locked comparison" owner "Head of Evaluations"
"""


def _closing(families: int) -> str:
    against = _wrapped(["G0"] + [f"F{k}" for k in range(families)], "    ").lstrip()
    return f"""defeater DT "The set of threat models is incomplete" against {against}
  status accepted "Threat-model list reviewed by an external red team on 2026-09-15" owner "Responsible Scaling Officer"

party users "Trusted-user API customers" role customer
party affected_public "People the model could help to attack" role third_party

accept {{
  require forall r: Threat, a: Actor. uplift(r, a) < 0.2
  for users, affected_public
  authority "Responsible Scaling Officer"
}}

trigger T1 "New model checkpoint": changed(model) reopens all
trigger T2 "The tool set grows": not (tools <= old(tools)) reopens all
trigger T3 "Internet access is enabled": internet and not old(internet) reopens all
trigger T4 "Served through another channel": changed(channel) reopens G0
trigger T5 "User cap raised": max_users > old(max_users) reopens G0

decision deploy by "Responsible Scaling Officer" on 2026-10-15 expires 2027-09-10
"""


def main(argv=None) -> None:
    args = sys.argv[1:] if argv is None else argv
    n = int(args[0]) if args else 2000
    sys.stdout.write(generated_case(n, defects="--clean" not in args))


if __name__ == "__main__":
    main()
