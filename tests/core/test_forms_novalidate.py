"""Every form that takes input is checked on the server, and what people see is the server's
Chinese message beside the field, never the browser's own pop-up (`required`, `min`, `max` …).
So every such form carries `novalidate`: one rule for all pages."""

import re
from pathlib import Path

import gonghui

ROOT = Path(gonghui.__file__).parent
FORM = re.compile(r"<form\b(?P<tag>(?:[^>{]|\{[%{].*?[%}]\})*)>(?P<body>.*?)</form>", re.S)
INPUT = re.compile(
    r'includes/form\.html|\{\{\s*(?:form|field)\b|<select\b|<textarea\b|<input\b(?![^>]*type="hidden")'
)


def _forms_with_input():
    for template in sorted(ROOT.glob("**/templates/**/*.html")):
        for match in FORM.finditer(template.read_text()):
            if 'method="post"' in match["tag"] and INPUT.search(match["body"]):
                yield template.relative_to(ROOT), match["tag"], match["body"]


def test_every_post_form_with_fields_is_validated_on_the_server_only():
    found = list(_forms_with_input())
    assert len(found) > 30  # the pattern finds the forms
    missing = [f"{path}: <form{tag}>" for path, tag, _body in found if "novalidate" not in tag]
    assert not missing, "\n".join(missing)
