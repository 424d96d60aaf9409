from django import template

from ..tables.certificates import state_badge as badge

register = template.Library()


@register.simple_tag
def state_badge(certificate):
    """A certificate's state today (有效 / 已撤销 / 已过期) as a coloured badge."""
    return badge(certificate)
