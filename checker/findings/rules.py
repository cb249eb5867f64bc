"""The registry of every rule: code, name, severity, message template, help and documentation.

Codes are stable forever. The letter tells the stage: S syntax, N names and
types, G argument graph and structure, L logic, E evidence, X solver and
internal, C scope and change control, I import of gsn2x diagrams (`warrant
import-gsn`), A accountability (waivers and settings). `warrant explain CODE` prints the documentation entry.
"""
from __future__ import annotations

import enum

import attrs


class Severity(enum.Enum):
    ERROR = "E"
    WARNING = "W"
    INFO = "I"


class Outcome(enum.Enum):
    """What a finding does to the run's verdict, beyond its severity."""

    NORMAL = "normal"
    UNREADABLE = "unreadable"  # exit 2: the input could not be read
    UNKNOWN = "unknown"  # exit 3: the solver could not decide
    REVIEW = "review"  # exit 1: a change that reviewers must look at (a fired trigger, a weaker case)


@attrs.frozen
class Rule:
    code: str
    name: str
    severity: Severity
    template: str
    summary: str
    doc: str
    help: str | None = None
    outcome: Outcome = Outcome.NORMAL


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
UNREADABLE, UNKNOWN, REVIEW = Outcome.UNREADABLE, Outcome.UNKNOWN, Outcome.REVIEW

_ALL = [
    # ---- S: syntax and reading -------------------------------------------
    Rule("S001", "syntax-error", E, "{message}",
         "The file does not follow the grammar of the case language.",
         "The parser stopped at the token shown. The message names what it found and the "
         "tokens that could stand there instead. After an error the parser starts again at "
         "the next line that opens an item (`claim`, `evidence`, ...), so one run reports "
         "up to 20 broken items. Nothing else in the file is checked until it parses.",
         outcome=UNREADABLE),
    Rule("S002", "nesting-too-deep", E, "brackets or operators nest deeper than {limit} levels",
         "A formula nests deeper than the documented limit.",
         "Brackets may nest at most 100 levels deep, and a file's syntax tree at most 200 "
         "levels, which leaves a formula about 195 operators deep (for example 195 chained "
         "`not`s or a sum of 195 terms). "
         "Deeper input is rejected as unreadable rather than risking a crash; split the "
         "formula into named assumptions or claims.",
         outcome=UNREADABLE),
    Rule("S003", "unreadable-file", E, "cannot read {path}: {reason}",
         "The file is missing, unreadable, not a regular file or not UTF-8 text.",
         "Case files are UTF-8 text. The message gives the operating system's reason or the "
         "offset of the first byte that is not UTF-8. Only regular files are read: a FIFO, a "
         "device such as `/dev/zero`, a socket or a directory given as a file is refused at once, "
         "without waiting for it or reading from it.",
         outcome=UNREADABLE),
    Rule("S006", "requires-too-deep", E, "`requires` leads more than {limit} cases deep",
         "A chain of required cases is longer than Warrant follows.",
         "Each required case is checked inside the check of the case that requires it, so a chain "
         "of `requires` (A requires B, which requires C, ...) is followed at most 32 cases deep; the "
         "requirement that would go deeper is this finding, and the case is unreadable. Real cases "
         "depend on a few others: a chain this long is almost always generated. Check the deep "
         "end of the chain on its own, or let the cases near the top require it directly. A case "
         "required many times over (a diamond) is checked once per run and costs no depth.",
         outcome=UNREADABLE),
    Rule("S007", "file-too-large", E, "cannot read {path}: {reason}",
         "An input file is larger than the run's size limit.",
         "Warrant reads no file larger than the limit, by default 16 MiB, and refuses it before "
         "parsing a byte of it, so a huge file costs neither time nor memory. This holds for "
         "every file a run reads: cases, required cases, imported patterns, configurations, maps, "
         "settings and baselines, and standard input. A real case is a few hundred kilobytes at "
         "most; `--max-size SIZE` (such as `64M`) raises the limit for one run.",
         outcome=UNREADABLE),
    Rule("S004", "misplaced-evidence-list", E, "`evidence {names}` must follow a claim",
         "A claim's evidence list stands where no claim precedes it.",
         "`evidence E1, E2` (without a title and braces) attaches evidence to the claim written "
         "just before it. Written elsewhere it attaches to nothing. To declare evidence, give it "
         "a title and a block: `evidence E1 \"title\" { ... }`.",
         outcome=UNREADABLE),
    Rule("S005", "duplicate-field", E, "`{field}` is given twice in {owner}",
         "A field that may appear once appears twice in one block.",
         "Each of `kind`, `model`, `date`, `expires`, `setting`, `source`, `replicated_by`, "
         "`access` (in evidence), `authority` (in accept) and `version`, `author` (in the header) "
         "may be given once. `shows`, `require` and `for` may repeat.",
         outcome=UNREADABLE),
    # ---- N: names and types -------------------------------------------------
    Rule("N101", "undefined-name", E, "unknown {kind} `{name}`",
         "A name is used that is not declared.",
         "Every enum, enum value, context variable, measure, claim, strategy, assumption, "
         "evidence item and defeater must be declared. When a declared name is close in "
         "spelling the help line suggests it.",
         outcome=UNREADABLE),
    Rule("N102", "duplicate-definition", E, "`{name}` is declared twice",
         "Two declarations share one name.",
         "Names share one space per kind of thing: argument nodes (claims, strategies, "
         "assumptions, evidence, defeaters, triggers), enums, and the names that may stand in "
         "a formula (context variables, measures, enum values). Both places are shown.",
         outcome=UNREADABLE),
    Rule("N103", "wrong-kind", E, "`{name}` is {actual}, but {place} takes {expected}",
         "A name refers to the wrong kind of node.",
         "`by` takes strategies, `evidence` takes evidence items, `from` takes claims, "
         "`given` takes assumptions, `rebutted by` takes evidence, `reopens` takes claims.",
         outcome=UNREADABLE),
    Rule("N104", "reserved-name", E, "`{name}` is reserved and cannot be declared here",
         "A declaration uses a name the language reserves.",
         "`old` and `changed` are the trigger builtins; they cannot name a context variable, "
         "measure or enum value.",
         outcome=UNREADABLE),
    Rule("N201", "type-mismatch", E, "{place}: expected {expected}, found {found}",
         "An expression has the wrong type for where it stands.",
         "Claims, assumptions, boundaries, `shows`, `within` and trigger conditions are "
         "formulas (bool). Arithmetic takes numbers (int and real mix); `<` and friends compare "
         "numbers or dates; `in` takes an enum value and a set of the same enum, or a number and "
         "an interval; `<=` on sets is the subset relation.",
         outcome=UNREADABLE),
    Rule("N202", "wrong-enum", E, "`{value}` belongs to `{actual}`, not to `{expected}`",
         "An enum value is used where a value of another enum is expected.",
         "Enum values are typed by their enum. Comparing `channel == browser` where `channel` is "
         "a `Channel` and `browser` a `Tool` is always false, so it is rejected as a mistake.",
         outcome=UNREADABLE),
    Rule("N203", "bad-quantifier-domain", E, "`{name}` is not an enum; {kind} ranges over enums only",
         "A quantifier or aggregate ranges over something other than an enum.",
         "`forall`, `exists`, `count` and `sum` range over the finite values of an enum, which "
         "keeps every query decidable.",
         outcome=UNREADABLE),
    Rule("N204", "measure-arity", E, "measure `{name}` takes {expected} argument(s), given {given}",
         "A measure is applied to the wrong number of arguments.",
         "A measure declared `measure uplift(Threat, Actor)` is applied as `uplift(t, a)`; "
         "a measure with no parameters is written by its bare name.",
         outcome=UNREADABLE),
    Rule("N205", "measure-outside-world", E, "{place} may speak only of the deployment context; `{name}` is a measure",
         "A boundary, `within`, trigger or setting mentions a measure.",
         "Boundaries, `within` scopes, settings and trigger conditions describe deployments: "
         "they are formulas over the context variables, not over the unknown quantities the "
         "argument is about.",
         outcome=UNREADABLE),
    Rule("N206", "misplaced-builtin", E, "`{name}(...)` is allowed only in a trigger condition",
         "`old(x)` or `changed(x)` appears outside a trigger.",
         "`old(x)` is the value of context variable `x` in the previous deployment "
         "configuration, and `changed(x)` abbreviates `x != old(x)`. Only a trigger compares "
         "two configurations.",
         outcome=UNREADABLE),
    Rule("N207", "empty-range", E, "the range [{low}, {high}] of measure `{name}` is empty",
         "A measure's declared range has its low end above its high end.",
         "`measure m(...): real in [lo, hi]` needs lo <= hi; an empty range would make every "
         "argument about the measure vacuous.",
         outcome=UNREADABLE),
    Rule("N210", "enum-named-as-type", E, "enum `{name}` has the name of the built-in type `{name}`",
         "An enum is named after a built-in type (`bool`, `int`, `real`, `string`, `date`, `set`).",
         "A type written `int` (or `bool`, `real`, `string`, `date`, `set`) is always the built-in "
         "type, so an enum of that name could never be used as a type, a quantifier domain or a "
         "measure parameter; every use would be a confusing type error. Rename the enum.",
         outcome=UNREADABLE),
    Rule("N211", "family-outside-pattern", E,
         "claim `{name}[{variable}: {enum}]` is a claim family, which only a pattern may declare",
         "A claim family (`claim G1[t: T]`) stands in a case rather than in a pattern.",
         "A claim family stands for one claim per member of its enum, and only a pattern's "
         "instances are expanded that way (`use`, docs/language.md section 11.1). In a case, "
         "write the claim with a `forall` over the enum, or one claim per member, or put the "
         "family in a pattern and use it.",
         outcome=UNREADABLE),
    Rule("N212", "repeated-reference", W, "`{name}` is listed twice in {place}",
         "One list names the same node twice (`from G1, G1`, `evidence E1, E1`).",
         "A list of references (a claim's `by` and `evidence`, a strategy's `from` and `given`, a "
         "defeater's `against` and `rebutted by`, a trigger's `reopens`) means the set of the nodes "
         "it names, so a name given twice counts once: the argument is the same without it. Most "
         "often another name was meant (`from G1, G2`), and the argument is missing that node. "
         "The note shows where the name was listed first.",
         help="remove the repeated name, or write the name that was meant"),
    Rule("N213", "affordance-without-order", W,
         "`affordance` on `{name}` means nothing: {type} has no direction of \"more\"",
         "A context variable of a string, enum or date type is marked `affordance`.",
         "`affordance` tells the checker which way is more when it compares an evaluation's "
         "setting with the deployments the boundary allows (docs/language.md section 4.2): a "
         "superset for a set, `true` for a bool, a larger number for an int or real. A string, an "
         "enum value or a date has no such direction, so the marker changes nothing: the "
         "setting's value is judged as any variable's is (E307, the boundary must allow it). To "
         "order the values of an enum, use a set of it (`set<Tool>`) or a number.",
         help="drop `affordance`, or give the variable a type that grows (a set, a bool or a number)"),
    # ---- G: structure and argument graph --------------------------------------
    Rule("G001", "missing-version", E, "case `{case}` has no version",
         "The case header names no version, or a blank one (`version \"\"`).",
         "A decision cites a case by name and version; a case without one cannot be cited. "
         "Add `version \"1.0\"` after the title.",
         help="add `version \"...\"` to the case header"),
    Rule("G002", "missing-author", E, "case `{case}` has no author",
         "The case header names no author, or a blank one (`author \"\"`).",
         "Someone must answer for the argument. Add `author \"...\"` after the title.",
         help="add `author \"...\"` to the case header"),
    Rule("G003", "missing-boundary", W, "case `{case}` is unbounded: {reason}, so it claims to hold for every deployment",
         "The case has no boundary, or one that every deployment satisfies.",
         "Without a boundary (or with one that rules nothing out, such as an empty block or "
         "`true`) the case is unbounded: every proof quantifies over all deployments the "
         "context allows, and any configuration is inside it. State what the case covers in "
         "a `boundary { ... }` block.",
         help="add a `boundary { ... }` block naming the deployments the case covers"),
    Rule("G004", "required-case-unreadable", E, "required case \"{path}\" cannot be read: {reason}",
         "A case named by `requires` is missing, unreadable, not a case, or outside the case's directory.",
         "`requires \"file.case\"` names another case, relative to the requiring file, that must "
         "hold for this one to stand. Warrant checks it in turn; a missing or unreadable "
         "required case makes the requiring case unreadable too. The file must lie inside the "
         "directory tree of the requiring case, after `..` and symbolic links are followed; an "
         "absolute path is refused (`--allow-outside DIR` lets a run read files under DIR). A "
         "path with a NUL byte or a loop of symbolic links is refused here too. A file that does "
         "not open with a case header is reported as no case, without quoting any of it.",
         outcome=UNREADABLE),
    Rule("G005", "required-case-fails", E, "required case \"{path}\" does not hold ({verdict})",
         "A case named by `requires` has findings at error severity or could not be decided.",
         "The required case was checked with the same settings; its errors are listed. This "
         "case cannot stand while the case it relies on does not."),
    Rule("G006", "circular-requirement", E, "cases require each other in a circle",
         "A chain of `requires` leads back to the case that started it.",
         "A case cannot rely on itself, even through other cases. The chain of files is "
         "shown below the message."),
    Rule("G209", "required-case-incomparable", E, "the boundary cannot be compared with that of required case \"{path}\": {reason}",
         "A required case declares a shared context variable or enum differently.",
         "A case that requires another must lie inside its boundary (L225), and the two "
         "boundaries are compared variable by variable, by name. When the cases give one name "
         "two types, or one enum two member lists, no deployment can be read in both, so the "
         "containment cannot be shown and the borrowed verdict is not accepted.",
         help="declare the shared variables and enums identically in both cases"),
    Rule("G210", "stakeholder-undeclared", E, "stakeholder `{name}` of the accept block is not a declared party",
         "The accept block names a stakeholder that no `party` declares.",
         "Who bears the risk must be stated, not guessed: each name after `for` must be a party "
         "declared with its role (`party public \"People outside the deployment\" role "
         "third_party`), so that Warrant can tell whether anyone outside the developer and its "
         "customers has a say (G211). An undeclared stakeholder could be anyone.",
         help="declare it: party NAME \"who they are\" role developer|customer|user|third_party|regulator"),
    Rule("G211", "stakeholders-only-developer-and-customers", E, "the accept block speaks only for {stakeholders}: no affected third party",
         "Every stakeholder of the accept block is the developer, a customer, a user or a regulator.",
         "Acceptability laundering: the people who bear a deployment's risk without having "
         "chosen it (a third party: the public, the targets of misuse, people affected by "
         "decisions the model informs) are not among those for whom the risk is accepted. "
         "Customers and users chose the deployment; the developer gains from it; a regulator "
         "oversees but does not bear the risk. At least one stakeholder must be a party of "
         "role `third_party`.",
         help="name the affected third parties the deployment's risk falls on, as a party of role third_party"),
    Rule("G212", "party-role-unknown", E, "party `{party}` has role `{role}`; the roles are {roles}",
         "A party declares a role Warrant does not know.",
         "The roles are a fixed list so that no class of risk bearer can be renamed away: "
         "`developer`, `customer`, `user`, `third_party` and `regulator`."),
    Rule("G213", "authority-capture", E, "the accept authority \"{authority}\" is the case's author \"{author}\" or of the author's team",
         "The accept block's authority is the author, or names the author's own team.",
         "Reviewer capture of the acceptance: whoever accepts the residual risk must be "
         "independent of those who wrote the case. Warrant compares names as whole words, "
         "ignoring case and punctuation: the authority is captured when it equals the author, "
         "or when one name contains the other (\"Lead, Frontier Safety Team\" is of the "
         "\"Frontier Safety Team\"; \"Safety Team\" is part of \"Frontier Safety Team\").",
         help="name an authority outside the team that wrote the case"),
    Rule("G214", "decision-not-by-authority", E, "the decision is signed by \"{signer}\", not by the accept authority \"{authority}\"",
         "The decision's `by` differs from the accept block's `authority`.",
         "The accept block says who accepts the residual risk; a decision signed by someone "
         "else was taken by a person the case never gave that power. Names are compared as "
         "words, ignoring case and punctuation.",
         help="have the named authority sign the decision, or correct the accept block"),
    Rule("G101", "circular-argument", E, "circular argument: {cycle}",
         "A claim is used, directly or through other claims, to support itself.",
         "The cycle is named in order, following `by` and `from` links. A circular argument "
         "proves nothing, even when each step is valid."),
    Rule("G102", "unsupported-claim", E, "claim `{name}` has neither a strategy nor evidence",
         "A claim in the argument rests on nothing.",
         "Every claim must be supported by a strategy (`by S`) or by evidence "
         "(`evidence E`). A leaf claim with no evidence is an evidence gap."),
    Rule("G103", "unused-evidence", W, "evidence `{name}` supports no claim",
         "Evidence is declared but no claim cites it.",
         "Evidence that supports nothing adds weight to the document and none to the argument. "
         "Cite it from the claim it supports with `evidence {name}` or remove it."),
    Rule("G104", "unused-assumption", W, "assumption `{name}` is used by no strategy",
         "An assumption is declared but no strategy relies on it.",
         "Assumptions take part in proofs only where a strategy lists them after `given`. An "
         "unused assumption is still checked for conflicts with the others."),
    Rule("G105", "unused-strategy", W, "strategy `{name}` supports no claim",
         "A strategy is declared but no claim is argued `by` it.",
         "A strategy is a step from premises to a conclusion; the conclusion is the claim "
         "that names it after `by`."),
    Rule("G106", "unreachable-node", W, "{kind} `{name}` is not reachable from the top claim `{top}`",
         "A node is connected to the argument but not to its top claim.",
         "The top claim is the claim no strategy uses as a premise. Nodes that cannot be reached "
         "from it by `by`, `from`, `given` and `evidence` links play no part in the case."),
    Rule("G107", "several-top-claims", E, "{count} top claims ({names}); a case argues for exactly one",
         "More than one claim is used as a premise by no strategy.",
         "A case argues for one top claim. Several roots usually mean a strategy forgot a "
         "premise, or the file holds two cases."),
    Rule("G108", "no-claim", E, "case `{case}` states no claim",
         "The case has no claim at all.",
         "A safety case argues for a claim; without one there is nothing to check."),
    Rule("G109", "judgement-without-judge", E, "strategy `{strategy}` is judged by no one",
         "A strategy is marked `judged by` with a blank name.",
         "`judged by \"...\"` makes an informal step legitimate by naming who argued it by "
         "judgement; a blank name puts no one behind the judgement, so the step counts as an "
         "informal step that nobody answers for.",
         help="name the person or body whose judgement the step is: `judged by \"Dr A. Reviewer\"`"),
    Rule("G110", "judgement-on-formal-step", W, "strategy `{strategy}` is formal: the prover decides it, not a judge",
         "A strategy whose conclusion, premises and assumptions all have formulas is marked `judged by`.",
         "A formal step is proved or refuted whatever its annotation says: a judgement cannot "
         "overrule a counterexample (L201 still stands) and adds nothing to a proof. The step is "
         "checked and counted as a formal step.",
         help="drop `judged by`, or make the step informal if it really rests on judgement"),
    Rule("G111", "accepted-risk-without-owner", E, "defeater `{defeater}` is accepted, but no owner carries the risk",
         "An accepted defeater does not name who carries the residual risk.",
         "Accepting a defeater leaves its risk in place: someone must answer for it. Write "
         "`status accepted \"reason\" owner \"who\"`. Accepted defeaters are listed as residual "
         "risk in the verdict line, the public summary and the decision."),
    # ---- G2xx: countercases, acceptability, decision, publication ----------------
    Rule("G201", "no-defeater-considered", W, "no defeater is considered against claim `{name}` or what supports it",
         "A claim in the argument that no defeater challenges.",
         "Countercase neglect: an argument that never asks how it could fail. A claim counts as "
         "considered when a defeater names it, the strategy that supports it, an assumption that "
         "strategy is given, or evidence cited for it. Only claims reachable from the top claim are judged."),
    Rule("G202", "open-defeater", E, "defeater `{defeater}` against `{target}` is still open",
         "An open defeater challenges a node the argument relies on.",
         "A defeater with `status open` (or no status) is an unanswered objection. Rebut it with "
         "evidence (`status rebutted by E7`) or accept it with a reason (`status accepted "
         "\"...\"`) before the argument can stand."),
    Rule("G203", "self-rebuttal", W, "defeater `{defeater}` is rebutted by `{evidence}`, the very evidence it challenges",
         "A defeater is rebutted by the evidence it doubts.",
         "If a defeater questions evidence E (for example, sandbagging during the evaluation "
         "that produced E), E cannot answer it. Rebut it with independent evidence."),
    Rule("G204", "no-stakeholders", E, "the acceptance criterion names no stakeholders",
         "The accept block has no `for` line.",
         "Acceptability is acceptability to someone: name who bears the residual risk "
         "(`for users, affected_public`)."),
    Rule("G205", "no-authority", E, "the acceptance criterion names no authority",
         "The accept block has no `authority`.",
         "Someone must own the judgement that the residual risk is acceptable: add "
         "`authority \"...\"`."),
    Rule("G206", "no-accept-block", W, "case `{case}` states no acceptance criterion",
         "The case has no accept block.",
         "Without `accept { require ...; for ...; authority ... }` nothing says what level of "
         "risk the decision accepts, or for whom."),
    Rule("G207", "reviewer-capture", E, "the decision is taken by \"{authority}\", who is also the case's author",
         "The decision authority is the author of the case.",
         "A case judged by its own author has no independent review. The decision's `by` must "
         "name someone other than the case's `author`."),
    Rule("G208", "redaction-without-reason", E, "evidence `{evidence}` is redacted without a reason",
         "Evidence marked redacted gives no reason.",
         "A public summary keeps the argument and says why each item is withheld; write "
         "`access redacted \"reason\"`."),
    # ---- L: logic ---------------------------------------------------------------
    Rule("L201", "entailment-fails", E, "strategy `{strategy}` does not establish `{claim}`",
         "The premises of a strategy do not entail its conclusion within the boundary.",
         "Warrant proves that the boundary, the measures' declared ranges, the strategy's "
         "`given` assumptions and its premise claims together entail the conclusion. When they "
         "do not, it prints a world (a deployment and values for the measures) where every "
         "premise holds and the conclusion is false.",
         help="add the missing premise or assumption, or weaken the conclusion"),
    Rule("L202", "vacuous-strategy", E, "the premises of strategy `{strategy}` contradict each other, so anything follows",
         "A strategy's premises cannot all hold inside the boundary.",
         "Inconsistent premises entail every conclusion, so the step proves nothing. The "
         "minimal set of premises that cannot hold together is listed. An impossible premise "
         "(L205) conflicts by itself and is left out of the search, and a set of `given` "
         "assumptions alone is L203's finding: this rule names a set with a premise claim in it."),
    Rule("L203", "conflicting-assumptions", E, "{names} cannot hold together inside the boundary",
         "A set of the case's assumptions is inconsistent.",
         "Each reported set is minimal: drop any one member and the rest can hold together. "
         "Several sets may be reported; every set must be broken."),
    Rule("L204", "assumption-not-guaranteed", W, "the boundary allows a deployment where assumption `{name}` is false",
         "An assumption about the deployment is not guaranteed by the boundary.",
         "An assumption that speaks only of the context describes the deployment; if the "
         "boundary allows a deployment that breaks it, the case may be used where its "
         "assumption fails. The deployment is shown.",
         help="add the assumption's condition to the boundary"),
    Rule("L240", "evidence-fact-not-guaranteed", W,
         "evidence `{evidence}` shows `{fact}` about the deployment, which the boundary does not guarantee",
         "Evidence a claim or a rebuttal uses states a fact about the deployment that the boundary does not guarantee.",
         "Evidence may state facts about context variables (a configuration audit, say). Wherever "
         "the evidence is used such a fact is taken as true, so what it supports is proved only for "
         "the deployments where the fact holds; a deployment inside the boundary that breaks it would "
         "be covered on the strength of evidence that says it does not exist. This is L204 for "
         "evidence: each fact (each conjunct of a `shows` that mentions no measure) must follow from "
         "the boundary, within the `within` scope of the claims that cite the evidence when all of "
         "them are scoped. The deployment is shown.",
         help="add the fact to the boundary, if every deployment keeps to it"),
    Rule("L205", "claim-unsatisfiable", E, "claim `{name}` cannot hold anywhere inside the boundary",
         "A claim is false in every world the boundary allows.",
         "No deployment in the boundary and no values of the measures within their ranges "
         "make the claim true, so no evidence could ever support it. Whether a step reaches "
         "an impossible claim is not judged again, since the answer would only repeat this "
         "finding: an impossible premise makes its step vacuous, and an impossible conclusion "
         "cannot follow from premises that can hold (no L201, L207, E301 or E302 there). "
         "Premises of such a step that contradict each other are still reported (L202)."),
    Rule("L206", "within-widens", E, "the `within` scope of claim `{name}` reaches outside the boundary",
         "A claim's `within` admits values the boundary rules out.",
         "`within` may only narrow the boundary. Warrant looks for values of the variables the "
         "scope mentions that satisfy the scope but that no deployment inside the boundary has: "
         "`within channel in {internal, public_api}` beside a boundary without the public API "
         "reaches outside. Numeric variables (int, real, date) are judged through the others "
         "only, so `within attempts <= 5` beside `attempts in [1, 10]` narrows, though it "
         "also admits 0. A set is judged by the members the scope reads: `within browser in tools` "
         "beside `shell not in tools` narrows, since it says nothing of `shell`. A scope entirely "
         "outside the boundary makes its claim impossible (L205)."),
    Rule("L207", "premise-narrower", E, "strategy `{strategy}` leans on `{premise}`, which holds only within part of the conclusion's scope",
         "A conclusion that ranges over more deployments than one of its premises.",
         "A premise scoped with `within` says nothing outside its scope. The counterexample is "
         "a deployment outside the premise's scope, inside the conclusion's, where the "
         "conclusion fails. It is reported instead of L201 for the same step, which it explains."),
    Rule("L208", "informal-step", I, "{step} is an informal step ({reason}); it is not proved",
         "A strategy, or a claim's evidence, with no formula to prove.",
         "Informal claims and assumptions are allowed; the steps that use them are reported "
         "for information and counted in the summary, where only proved steps count towards the "
         "proved share. A formal claim whose evidence states nothing with `shows` is an informal "
         "evidence step. A strategy marked `judged by \"who\"` is reported here too, with its judge: "
         "legitimate, but never a proof (a formal top claim reached only through informal steps "
         "that nobody judged is L215)."),
    Rule("L209", "empty-boundary", E, "the boundary admits no deployment",
         "The boundary with the measures' ranges is unsatisfiable.",
         "Every proof quantifies over the worlds inside the boundary; with none, every claim "
         "would follow vacuously. The minimal set of conflicting boundary lines is listed. No "
         "other question is put to the solver, since every answer would only repeat this "
         "finding (every step follows, nothing can hold); every check that needs no solver "
         "(defeaters, acceptance, expiry, informal steps, idle triggers, ...) runs as on any case."),
    Rule("L210", "decision-on-failing-case", E, "decision `{decision}` rests on a case with {count} error(s)",
         "A decision is recorded for a case that does not stand.",
         "A decision (`decision deploy by ...`) is only as good as the case; a case with "
         "error findings cannot support it."),
    Rule("L225", "required-case-narrower", E, "this case covers deployments that required case \"{path}\" does not",
         "The boundary (with the requirement's `when` condition) reaches outside the required case's boundary.",
         "A case that requires another borrows its verdict, and that verdict speaks only of the "
         "deployments inside the required case's boundary. Warrant proves that every deployment "
         "inside this boundary (where the `when` condition can hold) is inside the required "
         "one; otherwise it shows a deployment inside this case and outside the required case, "
         "and points at the required boundary lines it breaks. The variables of both cases are "
         "matched by name; a variable the required boundary constrains and this case does not "
         "declare is unconstrained here, so it counts as reaching outside.",
         help="narrow this boundary, or widen the required case (and its evidence) to cover it"),
    Rule("L227", "require-vacuous", E, "the acceptance criterion rules out no world inside the boundary",
         "A `require` holds in every world the boundary allows, whatever the evidence.",
         "A criterion that nothing could break accepts nothing: `require true`, a tautology, a "
         "bound the measure's declared range already guarantees, or a condition the boundary "
         "already implies. Warrant asks whether the boundary with the measures' ranges and the "
         "negated criterion can hold; when they cannot, the criterion is vacuous.",
         help="state the criterion the evidence must meet, such as a threshold on a measured risk"),
    Rule("L211", "conflict-search-incomplete", I, "the search for conflicting assumptions stopped after {count} set(s); more may exist",
         "Not every minimal conflicting set of assumptions was enumerated.",
         "Warrant lists at most ten minimal conflicting sets and caps the rounds of its "
         "search, since a case with many independent conflicts has exponentially many "
         "consistent subsets. Break the conflicts reported and check again to see the rest."),
    Rule("L214", "inconsistent-argument", E, "{names} cannot hold together inside the boundary, so the argument proves anything",
         "The case's assumptions and the evidence it cites contradict each other.",
         "Each step may be valid on its own, yet the assumptions and the evidence the argument "
         "cites cannot all be true in one world, so every conclusion and acceptance criterion "
         "would follow. The minimal conflicting set mixes assumptions and evidence, or holds "
         "several evidence items (conflicts among assumptions alone are L203; one item "
         "impossible on its own is E303). An evidence step whose items contradict each other "
         "is not counted as proved."),
    Rule("L235", "criterion-not-judged", E, "the acceptance criterion is not judged: {claims} cannot hold together with the assumptions and the evidence",
         "The top claims contradict what the assumptions and the cited evidence say.",
         "The acceptance criterion is proved from the top claims, the assumptions and the "
         "evidence together; when those cannot all hold, anything would follow, so it is not "
         "judged. Reported when the assumptions and the evidence can hold together but not "
         "with the top claims (the claims named, or all of them when only their combination "
         "conflicts): a step that looks informal (L208) or fails may hide that the argument "
         "concludes the opposite of its evidence. A conflict among the assumptions and the "
         "evidence alone is L203, L214 or E303, and a claim impossible by itself L205: those "
         "are not repeated here.",
         help="correct the top claim, or the evidence that rules it out"),
    Rule("L212", "acceptance-not-met", E, "the acceptance criterion is not met at the worst case of the evidence",
         "A `require` of the accept block does not follow from the argument and its evidence.",
         "Warrant proves each `require` from the boundary, the measures' ranges and what the "
         "argument establishes: the claims proved all the way down to evidence, the assumptions "
         "their proved strategies are given, and what their sufficient evidence shows (intervals "
         "at every value). L212 means the criterion fails even granting every claim, assumption "
         "and cited evidence item of the argument; the counterexample is a world consistent with "
         "what is established where the criterion fails. When the criterion would follow from "
         "something not established, the finding is L216 instead. When what is established, or "
         "what the argument puts forward, cannot hold together, anything would follow, so the "
         "criterion is not judged: the conflict is the finding (L203, L205, L214, E303, or L235)."),
    Rule("L215", "paper-safety", E, "top claim `{claim}` reads as a proof but only informal steps reach it",
         "A formal top claim is not established, and what stops it is informal steps nobody judged.",
         "Paper safety: the top claim has a formula, so the case reads like a proof, yet every way "
         "down from it passes an informal step (a strategy or evidence step with nothing to prove) "
         "that the case does not mark as argued by judgement. The detail line follows the chain "
         "to the informal steps. Make the steps formal, or say who argued them: a strategy with "
         "`judged by \"who\"` is legitimate, though it never counts as a proof. A decision on such "
         "a case is L210, and an acceptance criterion that needs the claim is L216.",
         help="give the informal steps formulas, or mark the strategy `judged by \"who\"`"),
    Rule("L216", "acceptance-unestablished", E, "the acceptance criterion rests on {names}, which the argument does not establish",
         "The acceptance criterion follows only with claims, assumptions or evidence the argument does not establish.",
         "The criterion is proved only from what the argument establishes (see L212). Here it "
         "would follow if the named facts were granted, but the argument does not establish "
         "them: a claim reached through an informal, judged, failing or undecided step or "
         "undermined by an open defeater, an assumption that no strategy on an established path "
         "is given (an unused assumption that states the criterion outright counts for nothing), "
         "or evidence that establishes nothing it is cited for. Each is listed with its reason; "
         "the set is minimal. The world shown is consistent with everything established.",
         help="establish the named claims (prove their steps, answer their defeaters), or give the "
              "assumption to the strategy that needs it"),
    Rule("L217", "rebuttal-does-not-rule-out", E, "defeater `{defeater}` is said to be rebutted by {rebuttal}, but what it asserts can still hold",
         "A defeater states its counter-claim as a formula, and the argument with its rebuttal evidence does not rule it out.",
         "A defeater with `asserts FORMULA` is judged like evidence: the solver asks whether the "
         "counter-claim can hold together with what the argument establishes (leaving out what "
         "the defeater itself doubts) and the evidence its `rebutted by` names. The world shown "
         "is such a world, so the rebuttal answers nothing: the defeater stands, and undermines "
         "the node it challenges and every claim above it.",
         help="cite rebuttal evidence that rules the counter-claim out, or accept the risk with an owner"),
    Rule("L218", "defeater-ruled-out", I, "defeater `{defeater}` is rebutted by the argument itself: what it asserts cannot hold with {by}",
         "What a defeater asserts cannot hold with what the argument establishes.",
         "A defeater with `asserts FORMULA` whose counter-claim is inconsistent with the "
         "established facts it does not doubt is answered by them, whatever its status says: it "
         "no longer stands (no G202) and is no residual risk. A minimal set of the facts that rule "
         "it out is named; when the solver cannot narrow them down, all of them are."),
    Rule("L213", "thin-margin", W, "the evidence for claim `{claim}` clears its threshold by less than the margin {margin}",
         "Evidence establishes a claim, but only just.",
         "Threshold gaming: every numeric threshold on a measured quantity (a comparison with a "
         "constant that mentions a measure; the deployment's own values are exact) in a leaf claim "
         "is tightened by the margin "
         "F (`x < 0.2` becomes `x < 0.18` for F = 0.1; a threshold of 0 moves by F itself) and "
         "the evidence must still establish it. F is the reviewer's minimum, `--min-margin` or "
         "the settings' `min-margin`, 10% when neither is set, raised to the accept block's "
         "`margin` when that is larger: a case cannot opt out by declaring no margin. The world "
         "shown is consistent with the evidence and breaks the tightened claim. Every "
         "threshold's worst-case margin, absolute and relative, is listed in the JSON output "
         "(`margins`). A claim that cannot hold (L205) or whose evidence does not establish it "
         "(E301, E302, E303) has no margin to measure.",
         help="obtain evidence with more headroom, or have a reviewer accept a lower --min-margin"),
    Rule("L226", "thin-criterion-margin", W, "the acceptance criterion is met by less than the margin {margin}",
         "An accept `require` holds at the worst case of the evidence, but only just.",
         "The criterion's numeric thresholds are tightened by the margin, as for L213, and proved "
         "again from the same premises as L212. A criterion met only at its very edge says the "
         "case was tuned to the threshold. The margin is the reviewer's minimum (`--min-margin`, "
         "10% unless set) or the accept block's `margin`, whichever is larger.",
         help="obtain evidence with more headroom, or have a reviewer accept a lower --min-margin"),
    # ---- E: evidence --------------------------------------------------------------
    Rule("E301", "evidence-insufficient", E, "the evidence for claim `{claim}` does not establish it",
         "What a leaf claim's evidence shows does not entail the claim.",
         "Interval evidence holds for every value in the interval, so thresholds are checked at "
         "the worst case. The counterexample is a world consistent with everything the evidence "
         "shows in which the claim is false.",
         help="cite more evidence, or weaken the claim"),
    Rule("E302", "evidence-contradicts", E, "evidence `{evidence}` contradicts claim `{claim}`",
         "Evidence shows the opposite of the claim it is cited for.",
         "No world consistent with what the evidence shows makes the claim true."),
    Rule("E303", "evidence-impossible", E, "what evidence `{evidence}` shows cannot hold inside the boundary",
         "Evidence states something impossible given the measures' ranges and the boundary.",
         "Impossible evidence would entail any claim. Check the numbers against the measure's "
         "declared range. The evidence step that cites it is not counted as proved; the other "
         "items it cites are still judged against the claim (E302)."),
    Rule("E304", "evidence-expired", E, "evidence `{evidence}` expired on {expires} (checked as of {as_of})",
         "Evidence cited by the argument has passed its expiry date.",
         "Evidence with `expires` is valid before that date. The check date is `--as-of`, or "
         "today."),
    Rule("E310", "cherry-picked-evidence", E, "evidence `{evidence}` is cited by no claim but contradicts {claims}",
         "Evidence the case holds but does not cite rules out a claim of the argument.",
         "Cherry-picking: the case keeps an item whose `shows` is inconsistent (inside the "
         "boundary and the claim's `within`) with a claim the argument makes, and argues from "
         "other evidence. It is not merely unused (G103): it is evidence against the case. "
         "Evidence named only by a defeater's `rebutted by` counts as not cited.",
         help="cite the item and answer it (a defeater rebutted by independent evidence), or explain "
              "why it does not apply by narrowing the claim"),
    Rule("E305", "evidence-other-model", E, "evidence `{evidence}` is about model \"{model}\", but the boundary allows {other}",
         "Evidence obtained on one model build is used for a boundary that allows another.",
         "When the context has a `model` variable (a string, or an enum whose members name the "
         "builds), evidence that names a `model` covers only that build. The boundary must pin "
         "the model to the one evaluated; a build that is no member of the enum is no deployment's. "
         "Evidence a claim cites and evidence a defeater is `rebutted by` are judged alike: a rebuttal "
         "obtained on another build answers nothing about this one."),
    Rule("E306", "elicitation-gap", E, "the setting of evidence `{evidence}` grants less than the boundary allows ({variables})",
         "An evaluation ran with fewer affordances than deployments inside the boundary get.",
         "An evaluation covers a deployment when it granted at least as much of every "
         "affordance: a superset of each set, `true` for each bool, a number at least as large. "
         "An affordance the setting does not mention was not granted. The deployment shown is "
         "inside the boundary and not covered."),
    Rule("E307", "setting-outside-boundary", E, "the setting of evidence `{evidence}` gives `{variable}` a value outside the deployments the evidence is cited for",
         "An evaluation ran in a configuration the case does not cover.",
         "Variables in a setting that are not affordances describe the evaluated configuration; "
         "evidence from a configuration outside the boundary says nothing about the deployments "
         "the case covers. When every claim that cites the evidence is scoped (`within`), the "
         "configuration must lie inside one of their scopes too: a red team on a pro account says "
         "nothing of a claim only about enterprise accounts. The values are judged one by one and then together: values the boundary "
         "allows alone but in no deployment together (`tier == enterprise implies region == \"eu\"` "
         "beside a setting of an enterprise account in \"us\") are reported at the value that clashes, "
         "naming the values it clashes with."),
    Rule("E308", "setting-unstated-number", W, "the setting of evidence `{evidence}` does not state numeric affordance `{variable}`",
         "Coverage of a numeric affordance cannot be judged.",
         "For a numeric affordance (attempts, token budget) an unstated value is unknown, not "
         "zero; state it in the setting so the elicitation check can compare it with the "
         "boundary."),
    Rule("E309", "evidence-expires-soon", W, "evidence `{evidence}` expires on {expires}, within {days} days of {as_of}",
         "Cited evidence expires soon.",
         "With `--warn-expiry N` (or `warn-expiry = N` in the settings), evidence the argument cites that is still valid at "
         "`--as-of` but expires within N days gets a warning, so the evaluation can be re-run before "
         "the case stops holding (E304)."),
    Rule("E315", "decision-expired", E, "decision `{decision}` expired on {expires} (checked as of {as_of})",
         "The decision has passed its own expiry date.",
         "A decision with `expires` is valid on the days before that date. Past it, nobody has "
         "accepted the risk any more, however sound the case; the check date is `--as-of`, or today.",
         help="take the decision again on the current case, with a new date and expiry"),
    Rule("E316", "decision-before-evidence", E, "decision `{decision}` on {on} predates evidence `{evidence}`, dated {date}",
         "Evidence in the case is dated after the decision taken on it.",
         "A decision can rest only on what existed when it was taken. Evidence dated after the "
         "decision was either not seen by the decider or has replaced what they saw: either way "
         "the case on file is not the case that was decided. Every evidence item is judged, cited "
         "or not, since an item added after the decision shows the case changed after it.",
         help="take the decision again on the case as it stands"),
    Rule("E317", "evidence-from-the-future", E, "evidence `{evidence}` is dated {date}, after the check date {as_of}",
         "Evidence is dated after `--as-of`.",
         "Evidence cannot have been obtained after the day the case is judged: the date is wrong, "
         "or the case is judged at a date before its evidence existed."),
    Rule("E318", "expiry-before-date", E, "{item} expires on {expires}, no later than its own date {date}",
         "Evidence (or a decision) whose `expires` is on or before its `date` (`on`).",
         "An item is valid strictly before its expiry date, so one that expires on or before the "
         "day it was obtained (or taken) was never valid. Usually the two dates are swapped or "
         "mistyped. Once the check date reaches the expiry date the item is also reported as "
         "expired (E304 for evidence the argument cites, E315 for the decision)."),
    Rule("E319", "decision-expires-soon", W, "decision `{decision}` expires on {expires}, within {days} days of {as_of}",
         "The decision expires soon.",
         "With `--warn-expiry N` (or `warn-expiry = N` in the settings), a decision still valid at "
         "`--as-of` that expires within N days gets a warning, as evidence does (E309), so it can "
         "be renewed before it lapses (E315)."),
    Rule("E320", "evidence-never-stale", W, "evidence `{evidence}` names no model build and no expiry: nothing would ever make it stale",
         "Cited evidence with neither `model` nor `expires`.",
         "Evidence goes stale in two ways Warrant can see: the model it was obtained on is no longer "
         "the one in the boundary (E305), or its expiry date passes (E304). Evidence with neither "
         "would support the case forever, through any retraining and any length of time.",
         help="add `model \"...\"` for the build it was obtained on, or an `expires` date"),
    Rule("E321", "rebuttal-expired", E, "defeater `{defeater}` is rebutted by `{evidence}`, which expired on {expires} (as of {as_of}): the defeater is open again",
         "A defeater's rebuttal evidence has expired.",
         "A rebuttal stands only while its evidence is valid. Once the rebutting evidence has "
         "expired, the objection it answered is unanswered again and counts as open.",
         help="rebut the defeater with current evidence, or renew the evidence"),
    Rule("E322", "decision-from-the-future", E, "decision `{decision}` is dated {on}, after the check date {as_of}",
         "The decision is dated after `--as-of`.",
         "A decision is recorded once it has been taken: one dated after the day the case is judged "
         "claims a sign-off that has not happened yet (a decision written down in advance reads as "
         "taken), or the case is judged at a date before it. As for evidence (E317).",
         help="record the decision on the day it is taken"),
    # ---- C: scope and change control -------------------------------------------
    Rule("C101", "slipping-change", E, "a change can take a deployment outside the boundary without firing any trigger",
         "Some change from a covered configuration to an uncovered one fires no trigger.",
         "Change control: a deployment inside the boundary changes to one outside it and no "
         "trigger condition holds for the pair, so CI would not reopen anything. The old and "
         "new configurations are shown."),
    Rule("C102", "unwatched-variable", W, "no trigger fires when boundary variable `{variable}` alone changes",
         "A variable the boundary constrains is watched by no trigger.",
         "For every variable the boundary mentions, some change of that variable alone (from a "
         "configuration inside the boundary) should fire a trigger, so that reviewers hear of it."),
    Rule("C103", "trigger-never-fires", W, "trigger `{trigger}` can never fire from a deployment inside the boundary",
         "A trigger's condition holds for no change that starts inside the boundary.",
         "Change control relies on triggers that can fire. The condition is judged over every pair of "
         "configurations whose old side is inside the boundary (the new side may lie anywhere, so a "
         "trigger that fires only when a change leaves the boundary is fine). When no such pair "
         "satisfies it, the trigger is dead: typically `old(x)` and `x` swapped (`old(internet) and not "
         "internet` where the boundary forbids internet), or a condition that contradicts itself. "
         "Whatever change it was meant to catch goes unnoticed.",
         help="check the condition: `old(x)` is the value before the change, `x` the value after it"),
    Rule("C104", "trigger-reopens-nothing", W, "trigger `{trigger}` reopens only {claims}, which the argument does not rest on",
         "Every claim a trigger reopens lies outside the argument.",
         "A trigger sends reviewers back to the claims it reopens, and through them to every claim "
         "resting on them. When none of those claims is reachable from the top claim (they are "
         "unreachable or used by nothing), the review touches nothing the case's conclusion depends "
         "on: a claim was renamed or cut out of the argument and the trigger still names the old one.",
         help="reopen the claims of the argument that the change bears on, or `reopens all`"),
    # ---- C2xx: `warrant scope` and `warrant diff` --------------------------------------
    Rule("C201", "config-outside-boundary", E, "configuration `{path}` is outside the boundary of case `{case}`",
         "A deployment configuration breaks a line of the case's boundary.",
         "Scope substitution: the case argues only for the deployments its boundary allows, so "
         "none of its proofs speak for a configuration outside it. `warrant scope CASE --config "
         "FILE` judges one configuration; `warrant diff CASE OLD NEW` judges both sides of a "
         "change. Each boundary line the configuration breaks is listed with its location and "
         "the configuration's values of the variables it reads.",
         help="deploy within the boundary, or widen the case's boundary and check the case again"),
    Rule("C202", "config-incomplete", E, "configuration `{path}` does not give `{variable}`, which {reader} reads",
         "A configuration leaves out a context variable that the boundary or a trigger reads.",
         "Without a value for every variable the boundary mentions, the configuration cannot be "
         "shown to be inside the case; for `warrant diff`, without a value for every variable a "
         "trigger condition reads (in the old or the new configuration), the trigger cannot be "
         "shown to stay quiet. Variables that nothing reads may be left out.",
         help="give every context variable that the boundary and the triggers read"),
    Rule("C203", "config-unreadable", E, "cannot read configuration `{path}`: {reason}",
         "A configuration file is missing, not UTF-8, not valid JSON or YAML, or not a mapping.",
         "A deployment configuration is a `.json` file (read as JSON, strictly, by a reader that "
         "keeps every position), a `.yaml` or `.yml` file (read as YAML, safely: no tags that build "
         "objects), or one line of a `.jsonl` batch. Its top level is a mapping from context "
         "variable names to values (or, through `--map`, any document the map's paths lead into); "
         "an empty YAML file is an empty mapping. A key given twice is rejected rather than "
         "letting one value silently win. The line and column where reading stopped are shown; "
         "a `REV:path` git cannot show is reported with git's reason.",
         outcome=UNREADABLE),
    Rule("C204", "config-unknown-key", E, "configuration key `{key}` is not a context variable of case `{case}`",
         "A configuration names a variable the case's context does not declare.",
         "Every key of a configuration must name a context variable of the case. A misspelt key "
         "would otherwise be ignored and leave the variable it meant unset; the help line "
         "suggests a declared name close in spelling.",
         outcome=UNREADABLE),
    Rule("C205", "config-bad-value", E, "configuration value of `{variable}` must be {expected}, found {found}",
         "A configuration gives a context variable a value of the wrong type.",
         "Values follow the variable's declared type: `bool` takes true or false; `int` a whole "
         "number and `real` any finite number (read exactly: 0.1 is 1/10; true and false are "
         "not numbers); `string` a string (quote one that YAML would read as a number); `date` "
         "a day written YYYY-MM-DD; an enum one of its members, by name; `set<Enum>` a list of "
         "members (`[]` for none). A member of another enum is named as such.",
         outcome=UNREADABLE),
    Rule("C206", "target-not-covered", E, "target `{target}` allows deployments outside the boundary of case `{case}`",
         "A proposed target's boundary does not imply the case's boundary.",
         "Scope substitution: `warrant scope CASE --target TARGET` asks whether the case covers "
         "every deployment the target's boundary allows. Only the target's boundary counts, and "
         "its names are read as the case's variables and enum members. The deployment shown is "
         "inside the target and outside the case, with the case's boundary lines it breaks. A "
         "target without a boundary allows every deployment.",
         help="narrow the target's boundary, or widen the case's boundary and check the case again"),
    Rule("C207", "target-unknown-name", E, "`{name}` in the boundary of target `{target}` is not declared in case `{case}`",
         "A target's boundary names a variable, enum member, enum or measure the case does not declare.",
         "A target is matched to the case by name: each context variable and enum member its "
         "boundary mentions must be declared, with the same meaning, in the case. A name the case "
         "does not know cannot be compared with its boundary.",
         outcome=UNREADABLE),
    Rule("C208", "change-fires-nothing", E, "the change from `{old}` to `{new}` leaves the boundary and fires no trigger",
         "A concrete configuration change leaves the boundary, and no trigger condition holds for it.",
         "Change control: the old configuration is inside the boundary, the new one is outside, "
         "and no trigger fires, so nothing reopens the claims that no longer cover the "
         "deployment. The old and new configurations are shown. `warrant check` reports the "
         "possibility of such a change in general (C101); `warrant diff` reports this one.",
         help="add a trigger whose condition holds for this change, or keep the deployment inside the boundary"),
    Rule("C209", "triggers-fired", I, "trigger `{trigger}` fired: reopens {claims}",
         "A configuration change fires a trigger; the claims it reopens must be reviewed again.",
         "`warrant diff CASE OLD NEW` evaluates each trigger condition with `old(x)` read in the "
         "old configuration and `x` in the new one. The claims listed are those the trigger "
         "names and every claim that rests on them through strategies, up to the top claim, or "
         "every claim for `reopens all`. The values the condition reads are shown, with the "
         "evidence the reopened claims rest on. A fired trigger requires a review: the run's "
         "verdict is `needs review` and it exits with code 1, so a CI job stops until someone "
         "has looked. The review set is data in JSON and SARIF (`review`).",
         outcome=REVIEW),
    Rule("C210", "config-map-invalid", E, "map `{map}` cannot be used: {problem}",
         "A configuration map is not YAML, not a mapping, or has an entry of the wrong form.",
         "`--map MAPFILE` binds each context variable to a path in the real deployment file. The map "
         "is YAML: one entry per variable, either `variable: dotted.path[0].key` or `variable: {path: "
         "..., default: ..., translate: {...}}`. A key that is not a context variable of the case (with "
         "a close spelling suggested), an entry without a path, a path that does not parse, an entry "
         "key other than `path`, `default` and `translate`, and `translate` that is not a mapping are "
         "each reported at their place in the map. Nothing is judged until the map is right.",
         outcome=UNREADABLE),
    Rule("C211", "config-path-missing", E, "configuration `{config}` has nothing at `{path}`, which the map reads for `{variable}`: {reason}",
         "A path the map gives for a variable is not in the configuration, and the map gives no default.",
         "The finding stands at the deepest place the path reached in the configuration file and says "
         "why it could go no further (no such key, with a close spelling; a list too short; a value that "
         "is not a mapping or a list); a note points at the map's entry. A file of several YAML "
         "documents (a Kubernetes manifest) is a list of them, so its paths start with `[0]`, `[1]`, "
         "... . Give the entry a `default` when a variable may be absent.",
         help="correct the path in the map, or give the entry a `default`",
         outcome=UNREADABLE),
    # ---- C3xx: `warrant diff --case OLD NEW`, two versions of a case ------------------------
    Rule("C301", "claim-weakened", W, "claim `{claim}` is weaker than in the old version",
         "A claim of the new version asks less than the same claim of the old one.",
         "Threshold gaming over time: each version may check clean while the new one promises less. "
         "Within both versions' boundaries, the solver looks for a world where the new claim (its "
         "`within` included) holds and the old one fails; that world is shown, with both formulas and "
         "every threshold that changed (`threshold 0.15 became 0.2`). A claim whose formula was "
         "dropped (made informal) is weaker too. A weaker claim requires a review: the verdict is "
         "`needs review` and the run exits with code 1.",
         help="keep the old threshold, or have the weaker claim reviewed and accepted",
         outcome=REVIEW),
    Rule("C302", "boundary-widened", W, "the boundary of case `{case}` is wider than in the old version",
         "The new version covers deployments the old version did not.",
         "The deployment shown is inside the new boundary and outside the old one, with the old "
         "boundary's lines it breaks. Every proof of the case now speaks for more deployments, with "
         "the same evidence; a reviewer must see that the evidence still covers them.",
         outcome=REVIEW),
    Rule("C303", "claim-removed", W, "claim `{claim}` of the old version is not in the new version",
         "A claim was removed between versions.",
         "A claim the old version argued for is gone. Renamed claims are reported this way too; the "
         "finding stands at the claim in the old file.",
         outcome=REVIEW),
    Rule("C304", "acceptance-weakened", W, "the acceptance criterion of case `{case}` is weaker than in the old version",
         "The new accept block requires less than the old one, or is gone.",
         "Within both boundaries, the solver looks for a world where every new `require` holds and "
         "some old one fails; that world is shown with both sets of requires.",
         outcome=REVIEW),
    Rule("C305", "margin-lowered", W, "the threshold margin fell from {old} to {new}",
         "The accept block's `margin` is lower in the new version, or dropped.",
         "The margin guards against threshold gaming (L213); lowering it lets evidence clear its "
         "thresholds by less.",
         outcome=REVIEW),
    Rule("C306", "version-unknown-name", W, "{kind} `{name}` of the old version is not declared in case `{case}`",
         "An old formula names something the new version no longer declares, so it cannot be compared.",
         "The old version's formulas are read in the new version's names; a variable, measure, enum or "
         "enum value that was renamed or removed leaves that formula without a meaning there. The "
         "comparison it belongs to is skipped, and a reviewer must compare by hand.",
         outcome=REVIEW),
    Rule("C307", "version-declaration-weaker", W, "{kind} `{name}` changed so that the case asks less: {change}",
         "A declaration changed between versions in a way no claim, boundary or criterion comparison can see.",
         "The old version's formulas are read in the new version's names, so these changes pass every "
         "other comparison unseen. An enum that lost members: `forall t: Track` reads over the new "
         "members only, so dropping a track, a risk model or a challenge narrows every claim, criterion "
         "and count over it without changing a character of them (reported for an enum that some measure "
         "takes as a parameter or some formula quantifies or counts over; an enum only a context variable "
         "has narrows the boundary, which is not weaker). A measure whose declared range narrowed: a range "
         "is a background fact of every proof, never shown by evidence, so a narrower one assumes more of "
         "the world and can hide a relaxed threshold (a claim `< 0.9` where `< 0.2` stood reads no weaker "
         "once the range is `[0, 0.1]`). A context variable no longer marked `affordance`: evaluations "
         "need no longer grant as much of it as deployments get (E306). An assumption a strategy is given "
         "that is new, or assumes more than before (with a world where the old one holds and the new one "
         "fails): the argument rests on more than it did. Claims that fewer changes reopen: a change "
         "(from inside the new boundary) that fired an old trigger reopening a claim, or a claim it rests "
         "on, fires no new trigger that does (judged per group of claims, so renaming or regrouping "
         "triggers without losing what they watch is not reported). The reviewer decides whether the "
         "change was meant.",
         outcome=REVIEW),
    # ---- P: patterns ------------------------------------------------------------------
    Rule("P001", "unknown-pattern", E, "no pattern `{name}` is declared or imported",
         "A `use` names a pattern that neither the case nor its imports declare.",
         "A case uses a pattern declared in the same file (`pattern NAME(...) { ... }`), in a file it "
         "imports (`import \"patterns/mine.case\"`), or in the standard library (`import stdlib.NAME`; "
         "`warrant patterns` lists it). Nothing else in the case is checked until every `use` can be "
         "instantiated.",
         outcome=UNREADABLE),
    Rule("P002", "unfilled-slot", E, "`use {pattern}` leaves parameter `{name}` unfilled: it needs {kind}",
         "A `use` gives no argument for one of the pattern's parameters.",
         "Every parameter of a pattern is a slot the instance must fill: an enum of the case, a measure "
         "with the parameter's signature, a number in the parameter's range, a formula, an evidence item, "
         "or the answer to a defeater. `warrant new --pattern NAME` writes a `use` with every slot "
         "listed for you to fill in; this finding names each one still empty, with the parameter's "
         "declaration as a note.",
         outcome=UNREADABLE),
    Rule("P003", "unknown-argument", E, "pattern `{pattern}` has no parameter `{name}`",
         "A `use` passes an argument the pattern does not take.",
         "Arguments are passed by name (`use inability(Risk: Threat, ...)`). A name the pattern does not "
         "declare is usually a misspelling; the help line suggests the closest parameter.",
         outcome=UNREADABLE),
    Rule("P004", "wrong-argument", E, "argument `{name}` must be {expected}: {problem}",
         "A `use` passes an argument of the wrong kind for its parameter.",
         "An enum parameter takes an enum the case declares; a measure parameter a measure whose "
         "parameters are the enums passed for the pattern's (in order), whose values are of the same "
         "kind, and whose declared range lies inside the parameter's range (the pattern's proofs rely "
         "on that range); a number parameter a literal inside its range; a string, date or bool "
         "parameter a literal of that type; an enum-value parameter a member of its enum; a set "
         "parameter a braced set of members; an evidence parameter the name of an evidence item or a "
         "braced list of them; a status parameter `open`, `accepted \"reason\"` or `rebutted by E1`.",
         outcome=UNREADABLE),
    Rule("P005", "side-condition-fails", E, "`use {pattern}` as `{prefix}`: side condition `{condition}` does not hold",
         "A pattern's `where` condition is false for the arguments given, somewhere inside the boundary.",
         "A pattern is proved sound only for the arguments its `where` conditions allow, so every "
         "instance must meet them. After the arguments are put in, each condition must hold in every "
         "deployment inside the case's boundary (a condition over literals alone is simply true or "
         "false). When it does not, the instance carries no proof: the finding shows the condition and, "
         "when it depends on the deployment, a deployment inside the boundary where it fails.",
         help="pass arguments that meet the condition, or narrow the boundary"),
    Rule("P006", "import-fails", E, "cannot import `{target}`: {reason}",
         "An import names a file that cannot be read, lies outside the case's directory, or is not in the "
         "standard library.",
         "`import stdlib.NAME` reads the standard library shipped with Warrant; `import \"path.case\"` "
         "reads a file relative to the importing case, and only inside the directory tree of the case "
         "being checked (an import cannot reach `/etc` or `../` beyond it, nor leave by a symbolic "
         "link; `--allow-outside DIR` lets a run read files under DIR). Syntax errors inside an "
         "imported file are reported where they stand, and again as this finding at the import.",
         outcome=UNREADABLE),
    Rule("P007", "not-in-a-pattern", E, "pattern `{pattern}` cannot declare {item}",
         "A pattern declares something that belongs to a whole case.",
         "A pattern contributes argument: claims (and claim families), strategies, assumptions, "
         "evidence, defeaters and triggers, and the enums, context variables and measures they need. "
         "The boundary, the accept block, the decision, imports, other patterns and `use` belong to the "
         "case that uses the pattern.",
         outcome=UNREADABLE),
    Rule("P008", "pattern-dangling-name", E, "pattern `{pattern}` refers to `{name}` in {place}, which it neither declares nor takes",
         "Inside a pattern, a reference names a node the pattern does not declare and no parameter.",
         "A pattern's argument nodes may refer only to each other and to its parameters (an evidence "
         "slot, a status slot): a pattern cannot reach into the case that uses it, or its proofs would "
         "depend on names it does not control.",
         outcome=UNREADABLE),
    Rule("P101", "pattern-step-unsound", E, "strategy `{strategy}` of pattern `{pattern}` does not establish `{claim}` for every instantiation",
         "A pattern's strategy fails for some instantiation its parameter types and side conditions allow.",
         "Warrant proves each strategy of a pattern once, for every instantiation: enum parameters "
         "as enums of any size (uninterpreted sorts), measures as arbitrary functions within their "
         "ranges, numbers anywhere in their ranges that meet the `where` conditions, formula "
         "parameters as arbitrary propositions. When the proof fails, the finding shows a concrete "
         "instantiation (the members of each enum, the values of each measure and parameter) in which "
         "every premise holds and the conclusion fails, replayed by the plain evaluator.",
         help="add the missing premise, assumption or side condition, or weaken the conclusion"),
    Rule("P102", "pattern-step-per-instance", I, "strategy `{strategy}` of pattern `{pattern}` is checked in each instance instead: {reason}",
         "A pattern's strategy could not be proved for every instantiation at once, so each instance is checked.",
         "Some strategies cannot be judged generically: a step with no premises relies on the "
         "boundary of the case that uses the pattern (a boundary obligation), a step over `count` or "
         "`sum` of a parameter enum has no finite encoding, and quantified questions may be beyond "
         "the solver within the time limit. This is information, never a pass: the step is proved "
         "again in every instance, like any strategy, and fails there with a counterexample if it "
         "does not hold."),
    # ---- I: importing a gsn2x diagram (`warrant import-gsn`) ---------------------------
    Rule("I001", "gsn-unreadable", E, "cannot read the YAML: {problem}",
         "The GSN file is not YAML that Warrant can read.",
         "`warrant import-gsn` reads the diagram as YAML, safely (no tags that build objects; a "
         "date stays text, as gsn2x reads it). A syntax error, a character YAML forbids, a second "
         "document in the same file, a value its tag cannot build (`!!int x`) or nesting too deep "
         "to read is reported at the position where reading stopped. No case is written and the "
         "command exits with code 2.",
         help="fix the YAML at the position shown",
         outcome=UNREADABLE),
    Rule("I002", "gsn-dangling-reference", E, "{field} of node {node} names {target}, which no file of the diagram defines",
         "A link names a node id that no file of the diagram defines.",
         "`supportedBy`, `inContextOf`, `challenges` and `defeatedRelation` name other nodes by id. "
         "Every node they name must be defined in one of the files read (those given and those "
         "their modules `use`), as gsn2x requires (its check C03): a link to an id that is not "
         "there is a typo or a missing node, and importing without it would quietly change the "
         "argument. Each such link is reported at the id; no case is written and the command "
         "exits with code 2. Reading one module alone (`import-gsn --partial`), a link out of a "
         "file with a `module:` block is taken to point into another module and is the warning "
         "I105 instead.",
         help="correct the id or add the missing node; if it lives in another module's file, give that "
              "file too, or list it under the module's `uses`",
         outcome=UNREADABLE),
    Rule("I003", "gsn-not-a-diagram", E, "not a gsn2x diagram: {problem}",
         "The file is YAML, but not shaped as a gsn2x diagram.",
         "A gsn2x diagram is a mapping from node ids (plain words such as `G1` or `Sn2`) to nodes, "
         "with an optional `module:` block that is itself a mapping (`name`, `brief`, `uses`, "
         "`extends`). An empty document, a top level that is a list or a single value, an id "
         "that is not a plain word (a list, a mapping, a blank) and a `module:` that is not a "
         "mapping are reported here. No case is written and the command exits with code 2.",
         outcome=UNREADABLE),
    Rule("I004", "gsn-malformed-node", E, "node {node} {problem}",
         "A node, or one of its fields, does not have the shape gsn2x defines.",
         "Each node is a mapping with a `text:` (a string) and its links. A node that is empty "
         "or not a mapping, a `text` that is a list or a mapping, a `nodeType` that is not one of "
         "gsn2x's types (Goal, Strategy, Solution, Assumption, Justification, Context, "
         "CounterGoal, CounterSolution), and a link whose item is not an id (a mapping, a list, "
         "true or false) are reported at the value at fault. No case is written and the command "
         "exits with code 2.",
         outcome=UNREADABLE),
    Rule("I005", "gsn-duplicate-node", E, "node {node} is defined twice",
         "Two nodes, or two module blocks, have the same id.",
         "YAML readers let a key's second definition silently replace its first, so a copied "
         "node would hide the node it repeats. The import rejects the file instead, pointing at "
         "the second definition with a note at the first. No case is written and the command "
         "exits with code 2.",
         help="rename one of the two nodes (and the links meant for it), or merge them",
         outcome=UNREADABLE),
    Rule("I006", "gsn-bad-warrant-field", E, "field `{field}` of {owner} is not valid: {problem}",
         "A `warrant-` field of the diagram does not hold what the case language can take.",
         "`warrant export-gsn` carries formulas, evidence fields, defeater statuses and the case's "
         "other declarations in extra keys whose names start with `warrant-`, and the import reads "
         "them back. Each value is parsed on its own as the case text it stands for (a formula, a "
         "setting, a date, a name, the declarations), so a value that does not parse, or that would "
         "add more than its own field, is reported at the value; no case is written and the command "
         "exits with code 2.",
         help="correct the value, or remove the field to import the node without it",
         outcome=UNREADABLE),
    Rule("I007", "gsn-missing-module", E, "module {module} uses {file}, which cannot be read: {reason}",
         "A module lists a file under `uses` that cannot be read.",
         "gsn2x reads the files a module `uses` (paths relative to the using file) together with "
         "it, so the import does too. A used file that is missing, unreadable or not UTF-8 is "
         "reported at its entry in `uses`; no case is written and the command exits with code 2.",
         help="correct the path, or import the module alone with --partial",
         outcome=UNREADABLE),
    Rule("I008", "gsn-circular-uses", E, "modules use each other in a circle: {cycle}",
         "Following `uses` from module to module leads back to a module already on the way.",
         "gsn2x refuses modules that include each other in a circle; so does the import. The "
         "finding is at the `uses` entry that closes the circle and names the files on it.",
         help="break the circle: a module should use only modules below it",
         outcome=UNREADABLE),
    Rule("I009", "gsn-broken-extends", E, "module {module} extends {target}: {problem}",
         "An `extends` entry of a module block cannot be applied.",
         "A module may develop the undeveloped goals of another module: `extends: [{module: "
         "NAME, develops: {G1: [G2]}}]` makes G2 (of this module) the support of G1 (of module "
         "NAME). As gsn2x requires (its checks C09 and C10), the module named must be among the "
         "files read, each goal developed must be a node of that module marked `undeveloped: "
         "true`, and the developing nodes must exist. Each breach is reported at the entry; no "
         "case is written and the command exits with code 2.",
         help="give the extended module's file too, or correct the module name or goal ids",
         outcome=UNREADABLE),
    Rule("I010", "gsn-duplicate-module", E, "module name {module} is used by two files",
         "Two files of the diagram have the same module name.",
         "gsn2x names a module by its block's `name` (or by its file's path when it has no "
         "block), and two modules of one diagram may not share a name (its check C06): a second "
         "file with the name would be taken for the first. The finding is at the second file's "
         "name, with a note at the first.",
         help="rename one of the modules",
         outcome=UNREADABLE),
    Rule("I011", "gsn-no-top-goal", E, "the diagram has no top goal: {problem}",
         "No node, or a node other than a goal, stands at the top of the diagram.",
         "gsn2x's checks C01 and C02: the top of a diagram is the nodes that no other node "
         "references through `supportedBy` or `inContextOf` (counter nodes, which challenge, "
         "are not counted). A diagram where every node is referenced (support in a circle) has "
         "no top, and one whose only top node is not a goal argues for nothing; gsn2x rejects "
         "both, and so does the import. Several top nodes are only the warning I110.",
         help="give the diagram one top goal",
         outcome=UNREADABLE),
    Rule("I101", "gsn-dropped-field", W, "field `{field}` of node {node} is kept only as a comment: {reason}",
         "A node has a field that the case language has no place for; it becomes a comment.",
         "The import understands `text`, `supportedBy`, `inContextOf`, `challenges`, "
         "`undeveloped`, `defeated`, `defeatedRelation`, `nodeType`, `url` and Warrant's own "
         "`warrant-` fields, and drops the layout fields (`classes`, `horizontalIndex`, "
         "`rankIncrement`, `charWrap`, `level`) without a word, since they only steer gsn2x's "
         "drawing. Any other field is written as a comment beside the node (`# acp: {ACP1: S1}`) "
         "and reported at its key: assurance claim points (`acp`, from gsn2x's confidence "
         "extension), extension layers, or a misspelt field. So is a module block's information "
         "beyond `name`, `brief`, `uses`, `extends` and layout (gsn2x's additional module "
         "information), reported as a field of node `module`. The case keeps the words but does "
         "not argue from them.",
         help="check the field's spelling; an extension field may stay in the diagram, but the case "
              "does not argue from it"),
    Rule("I102", "gsn-dropped-node", W, "node {node} is not imported: {reason}",
         "A node has no counterpart in the case and is kept only as a comment.",
         "gsn2x takes a node's type from its id prefix (G, S, Sn, A, J, C, CG, CSn) unless "
         "`nodeType` gives it; a node with neither has no known type. A counter goal or counter "
         "solution becomes a defeater only if it `challenges` a goal, strategy, solution or "
         "assumption of this file. Otherwise the node's text is kept as a comment in the case, "
         "and links to the node are skipped (I104).",
         help="give the node a GSN id prefix or a `nodeType`, or let the counter node challenge a node"),
    Rule("I103", "gsn-untitled-node", W, "node {node} has no text; its id is used as its title",
         "A node has no text, so the case titles it with its id.",
         "Every claim, strategy, evidence and assumption of a case has a title. A gsn2x node with "
         "no `text:`, or a null one, gets its id as its title, which a reader of the case cannot "
         "tell from a title someone wrote.",
         help="give the node a `text:`"),
    Rule("I104", "gsn-skipped-link", W, "{field} {target} of node {node} is skipped: {reason}",
         "A link of the diagram has no counterpart in the case and is left out.",
         "The case language links nodes in fewer ways than GSN draws them: a claim is supported "
         "by strategies and evidence (a goal supported directly by goals gets a strategy made by "
         "the import), a strategy argues from claims and is given assumptions, contexts and "
         "justifications become comments, and a defeater stands against a claim, strategy, "
         "evidence or assumption. Any other link is left out of the case and reported at its "
         "item in the diagram, for example support for a solution or an assumption, a link from "
         "a context or justification, a strategy supported by a solution, an assumption in the "
         "context of a solution, a counter node that challenges a link (`A -> B`) or another "
         "counter node, a `challenges` on a node that is not a counter node (gsn2x's V12), a "
         "`defeatedRelation`, and an id named twice in one list. The case then "
         "argues less than the diagram draws."),
    Rule("I105", "gsn-external-reference", W, "{field} of node {node} names {target}, which is not in this file; skipped",
         "Reading one module alone, a link names a node of another module, which is not imported.",
         "With `import-gsn --partial` a file with a `module:` block is read as one module of a "
         "larger gsn2x argument, without the files it `uses` (as gsn2x's `-x` option skips a "
         "module's reference checks). Its links may then name nodes defined in the other modules' "
         "files, and such a link is left out of the case. A goal or strategy whose support all lay "
         "in other modules says so in a comment, and `check` reports a claim left without support "
         "(G102). Without --partial the other files are read, and a link to a node no file "
         "defines is the error I002.",
         help="import the whole diagram (without --partial), giving every module's file"),
    Rule("I106", "gsn-other-module", W, "module {relation} other modules ({modules}); {dropped} are not imported",
         "Reading one module alone, its `uses` and `extends` are not followed.",
         "gsn2x splits a large argument into modules: `uses` lists the modules whose nodes this "
         "one may link to, and `extends` develops goals of another module with nodes of this "
         "one. With `import-gsn --partial` only the files given are read, so the other modules' "
         "nodes, and the `develops` links into them, are not in the case: it argues for this "
         "module alone. Without --partial both are followed.",
         help="import the whole diagram (without --partial)"),
    Rule("I107", "gsn-undeveloped-with-support", W, "node {node} is marked undeveloped but has support; the support is imported",
         "A goal or strategy is marked `undeveloped: true` and has support all the same.",
         "In GSN an undeveloped node is one whose support is still to come, so a node marked "
         "undeveloped that has support contradicts itself. The import keeps the support, so the "
         "case argues as the links say, and reports the mark.",
         help="remove `undeveloped: true`, or the support"),
    Rule("I108", "gsn-stranded-assumption", W, "assumption {assumption} of goal {goal} has no strategy to carry it; it is declared but used by no step",
         "An assumption in the context of a goal is used by no step, because no strategy argues for the goal.",
         "An assumption in a goal's context becomes a `given` of the strategies that argue for "
         "that goal: that is where the case language uses an assumption. A goal supported only "
         "by evidence, or by nothing, has no strategy, so the assumption is declared and used by "
         "no step, and `check` reports it unused (G104). The warning points at the goal's link "
         "to the assumption.",
         help="argue for the goal through a strategy, and put the assumption in that strategy's context"),
    Rule("I109", "gsn-unmarked-undeveloped", W, "{kind} {node} has no support and is not marked undeveloped",
         "A goal or strategy has no support and does not say it is undeveloped.",
         "gsn2x asks that a goal or strategy without supporting nodes be marked `undeveloped: "
         "true` (its check V02, a warning), so that a gap left on purpose can be told from one "
         "left by mistake. The import writes the node without support all the same, and `check` "
         "reports a claim without support (G102).",
         help="mark the node `undeveloped: true`, or give it its support"),
    Rule("I110", "gsn-several-top-nodes", W, "{count} nodes stand at the top of the diagram ({names}); gsn2x expects one",
         "More than one node of the diagram is referenced by no other.",
         "gsn2x's check C01 warns when more than one node is referenced by no other node through "
         "`supportedBy` or `inContextOf` (counter nodes are not counted): the diagram then argues "
         "for several things at once, or has parts that hang loose. The import goes on, and "
         "`check` judges the case's top claims (G107) and unused nodes (G103, G104).",
         help="join the parts under one top goal, or import them as separate diagrams"),
    # ---- A: accountability (waivers, settings) -------------------------------------------
    Rule("A001", "waiver-incomplete", E, "the waiver of {codes} gives no {missing}",
         "A waiver leaves out its reason, its owner or its expiry date, so it waives nothing.",
         "A waiver is a comment `# warrant: ignore[CODE] reason=\"...\" owner=NAME until=YYYY-MM-DD` on "
         "the line of the finding, or on a line of the node it stands in (its first, by convention). All three fields "
         "are required: the reason says why the finding may stand, the owner who answers for it, the "
         "date when it must be looked at again. A waiver without one of them does not apply, so the "
         "finding it meant to waive is still reported.",
         help='write reason="...", owner=NAME and until=YYYY-MM-DD'),
    Rule("A002", "waiver-expired", E, "the waiver of {codes} expired on {until} (checked as of {as_of})",
         "A waiver's `until` date has passed, so it waives nothing.",
         "A waiver holds up to and including its `until` date, judged at `--as-of` (or today). After "
         "it the finding is reported again, with this finding beside it, until someone renews the "
         "waiver or fixes the case.",
         help="fix what the waiver hid, or renew it with a new until= and a reason that still holds"),
    Rule("A003", "waiver-unused", W, "the waiver of {codes} matches no finding",
         "A waiver stands where no finding of its codes is reported.",
         "A waiver applies to findings of the codes it names whose location starts on its line, or "
         "that lie inside the node on one of whose lines it stands. One that matches nothing is stale "
         "(the finding was fixed) or misplaced, and would silently hide the next finding of that "
         "code there.",
         help="remove the waiver, or move it to the line of the finding"),
    Rule("A004", "waiver-not-permitted", E, "{rule} cannot be waived here: {reason}",
         "A waiver names a finding that may not be waived.",
         "Findings that make the input unreadable (S, N, some C2xx), solver answers of unknown (X001) "
         "and findings about waivers are never waived. The error findings of the logic families "
         "(L, E, C), which say the argument does not follow, may be waived only where the settings "
         "(`waivable` in `[tool.warrant]`) name the code; the verdict then reads `holds with N waived "
         "errors`, never plain `holds`. The finding stays reported.",
         help="fix the finding, or name its code in `waivable` in the settings"),
    Rule("A005", "waiver-malformed", E, "`# warrant:` comment is not a waiver: {problem}",
         "A comment addressed to Warrant does not read as a waiver.",
         "A comment that starts `# warrant:` must be exactly `ignore[CODE, ...]` followed by "
         "`reason=\"...\"`, `owner=NAME` (or a quoted name) and `until=YYYY-MM-DD`, each once. An unknown "
         "rule code, an unknown field, a date that is not a day of the calendar and text that is not "
         "a field are reported rather than ignored, since a waiver that silently failed to parse "
         "would let its finding through unnoticed, and one that half parsed could hide the wrong one."),
    Rule("A101", "settings-unknown-key", E, "`{key}` is not a setting of Warrant (in {path})",
         "The settings table names a key Warrant does not know.",
         "`[tool.warrant]` in pyproject.toml, or warrant.toml, takes `paths`, `select`, `ignore`, "
         "`fail-on`, `min-margin`, `warn-expiry` and `waivable`. A misspelt key would otherwise be "
         "ignored and its setting silently lost, so no setting of the file takes effect until it is "
         "fixed (exit 2).",
         outcome=UNREADABLE),
    Rule("A102", "settings-bad-value", E, "setting `{key}` must be {expected} (in {path})",
         "A setting has a value of the wrong kind.",
         "`paths` is a list of strings; `select` and `ignore` lists of rule codes or prefixes; "
         "`fail-on` \"error\" or \"warning\"; `min-margin` a number strictly between 0 and 1; "
         "`warn-expiry` a whole number of days; `waivable` a list of rule codes.",
         outcome=UNREADABLE),
    Rule("A103", "settings-unreadable", E, "cannot read the settings in {path}: {reason}",
         "The settings file is not TOML.",
         "pyproject.toml and warrant.toml are read with Python's tomllib; the position where reading "
         "stopped is shown.",
         outcome=UNREADABLE),
    Rule("A104", "baseline-unreadable", E, "cannot read the baseline {path}: {reason}",
         "The baseline file given with `--baseline` is missing or not a baseline Warrant wrote.",
         "`warrant check --baseline FILE --write-baseline` writes a baseline: JSON with "
         "`format_version` 1 and one entry per known finding (`rule`, `file`, `node`, `count`). A "
         "baseline that cannot be read would let every finding through or none, so the run stops "
         "(exit 2). Write it again with `--write-baseline`.",
         outcome=UNREADABLE),
    # ---- X: solver and internal ---------------------------------------------------
    Rule("X001", "solver-unknown", E, "the solver could not decide {what} ({reason})",
         "Z3 answered unknown, usually on a timeout or nonlinear arithmetic.",
         "A query the solver cannot decide is never counted as a pass: the run exits with "
         "code 3. Raise `--timeout`, or simplify the formulas (multiplying two measures makes "
         "arithmetic nonlinear).",
         outcome=UNKNOWN),
    Rule("X002", "internal-error", E, "internal error while {stage}: {error}",
         "Warrant itself failed; this is a bug.",
         "The input may be fine. Please report the case file and this message.",
         outcome=UNREADABLE),
]

RULES: dict[str, Rule] = {rule.code: rule for rule in _ALL}
