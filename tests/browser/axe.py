"""Checking a page with axe-core, the version pinned in package.json."""

# WCAG 2.0, 2.1 and 2.2, levels A and AA: what public sector services must meet.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => ({
      target: node.target.join(" "),
      summary: node.failureSummary,
    })),
  }));
}"""


def accessibility_violations(page, axe_source):
    """axe's violations on the page as it is now, as a list of plain dicts."""
    # Evaluated rather than added as a <script>: a Content-Security-Policy with
    # script-src 'self' blocks injected script tags but not evaluation by the driver.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def describe_violations(violations, *, url):
    lines = [f"{len(violations)} accessibility problem(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


def assert_accessible(page, axe_source):
    violations = accessibility_violations(page, axe_source)
    if violations:
        raise AssertionError(describe_violations(violations, url=page.url))
