"""Tags for base.html's navigation."""

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY

from gonghui.core.pages import fixed_url

register = template.Library()


@register.simple_tag(takes_context=True)
def page_title(context) -> str:
    """The page's `{% block title %}` once more (the phone's top bar names the page, as <title> does):
    a block renders once per template, so this renders the most specific one again."""
    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = blocks.get_block("title") if blocks else None
    return block.nodelist.render(context) if block else ""


@register.simple_tag
def nav_url(name: str) -> str:
    """`{% url name %}` for a page without arguments (the navigation's and others), reversed once per process."""
    return fixed_url(name)
