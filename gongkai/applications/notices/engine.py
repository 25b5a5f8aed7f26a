"""The template engine for notices, and what it can tell staff about a template they wrote.

Staff edit notice templates in the admin, so a mistake must come back as a Chinese sentence that
names the line and the problem, before the template is saved, not as a broken letter later. The
engine is Django's, configured for plain text: no autoescaping (the PDF path escapes on its own),
no loaders (a template cannot include files), and only the built-in tags plus our filters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from django.template import Context, Engine, Template, TemplateSyntaxError
from django.template.base import FilterExpression, Lexer, Node, NodeList, TokenType, Variable
from django.template.defaulttags import FilterNode, ForNode, WithNode
from django.template.smartif import TokenBase

# Tags that reach outside the template (files, URLs, libraries) or dump the context.
FORBIDDEN_TAGS = frozenset({"extends", "include", "load", "block", "debug", "csrf_token", "url"})

_ASSIGNING_ATTRIBUTES = ("asvar", "var_name", "variable_name")


@cache
def notice_engine() -> Engine:
    return Engine(
        debug=True,  # keeps line numbers on nodes and errors
        loaders=[],
        autoescape=False,
        string_if_invalid="",
        builtins=["gongkai.applications.notices.filters"],
    )


def forbidden_tags(text: str) -> list[str]:
    problems = []
    for token in Lexer(text).tokenize():
        if token.token_type is not TokenType.BLOCK or not token.contents.strip():
            continue
        name = token.split_contents()[0]
        if name in FORBIDDEN_TAGS:
            problems.append(f"第{token.lineno}行：文书模板中不允许使用标签“{{% {name} %}}”")
    return problems


def _tag_list(names: str) -> str:
    """Django's "'elif', 'else' or 'endif'" as "{% elif %}、{% else %}或{% endif %}"."""
    tags = [f"{{% {name} %}}" for name in re.findall(r"'?(\w+)'?", names.replace(" or ", ", "))]
    return "或".join(["、".join(tags[:-1]), tags[-1]]) if len(tags) > 1 else "".join(tags)


# Django's syntax messages, said in Chinese: (pattern, sentence, whether the second captured part
# lists expected tags).
_SYNTAX_MESSAGES: tuple[tuple[re.Pattern[str], str, bool], ...] = (
    (
        re.compile(r"Invalid block tag on line \d+: '([^']*)', expected (.*?)\. Did you"),
        "无法识别的标签“{{% {0} %}}”，此处应为 {1}（可能是标签拼写错误或者结束标签不匹配）",
        True,
    ),
    (
        re.compile(r"Invalid block tag on line \d+: '([^']*)'"),
        "无法识别的标签“{{% {0} %}}”（可能是标签拼写错误，或者缺少对应的开始标签）",
        False,
    ),
    (
        re.compile(r"Unclosed tag on line \d+: '([^']*)'\. Looking for one of: (.*?)\.?$"),
        "标签“{{% {0} %}}”没有结束，缺少 {1}",
        True,
    ),
    (re.compile(r"Invalid filter: '([^']*)'"), "未知的过滤器“{0}”", False),
    (
        re.compile(r"Could not parse the remainder: '(.*)' from '(.*)'"),
        "无法解析“{1}”中的“{0}”（变量名只能由英文字母、数字和下划线组成，如 {{{{ applicant_name }}}}）",
        False,
    ),
    (re.compile(r"Empty variable tag"), "变量标签“{{{{ }}}}”中没有变量名", False),
    (re.compile(r"Empty block tag"), "标签“{{% %}}”中没有内容", False),
    (
        re.compile(r"Variables and attributes may not begin with underscores: '(.*)'"),
        "变量名不能以下划线开头：“{0}”",
        False,
    ),
    (
        re.compile(r"'for' statements should|'for' tag received an invalid argument"),
        "for 标签的写法应为 {{% for 项目 in 列表 %}}……{{% endfor %}}",
        False,
    ),
    (
        re.compile(r"if expression|if tag|Unexpected end of expression|Not expecting"),
        "if 标签的条件写法有误，应为 {{% if 变量 %}}……{{% endif %}}",
        False,
    ),
    (
        re.compile(r"(\w+) requires \d+ arguments?, \d+ provided"),
        "过滤器“{0}”的参数个数不对，请检查冒号后的参数",
        False,
    ),
)


def syntax_problem(error: TemplateSyntaxError) -> str:
    """One Chinese sentence for a template syntax error: where, what, and the text at fault."""
    message = str(error)
    debug = getattr(error, "template_debug", None) or {}
    where = f"第{debug['line']}行：" if debug.get("line") else ""
    during = f"（出错处：“{debug['during']}”）" if debug.get("during") else ""
    for pattern, chinese, lists_tags in _SYNTAX_MESSAGES:
        if match := pattern.search(message):
            parts = list(match.groups())
            if lists_tags:
                parts[1] = _tag_list(parts[1])
            return f"{where}模板语法错误：{chinese.format(*parts)}{during}"
    return f"{where}模板语法错误{during}：{message}"


def compile_template(text: str) -> Template:
    """Compile, or raise `TemplateSyntaxError` (callers translate it with `syntax_problem`)."""
    return notice_engine().from_string(text)


def _expression_names(expression: FilterExpression) -> Iterator[str]:
    if isinstance(expression.var, Variable) and expression.var.lookups:
        yield expression.var.lookups[0]
    for _filter, arguments in expression.filters:
        for is_lookup, argument in arguments:
            if is_lookup and isinstance(argument, Variable) and argument.lookups:
                yield argument.lookups[0]


def _value_names(value: Any) -> Iterator[str]:
    """Variable names in a node attribute that is not a nested node list."""
    if isinstance(value, FilterExpression):
        yield from _expression_names(value)
    elif isinstance(value, Variable) and value.lookups:
        yield value.lookups[0]
    elif isinstance(value, TokenBase):
        for part in (value.value, value.first, value.second):
            if part is not None:
                yield from _value_names(part)
    elif isinstance(value, list | tuple) and not isinstance(value, NodeList):
        for item in value:
            yield from _value_names(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _value_names(item)


def _nodelists(value: Any) -> Iterator[NodeList]:
    if isinstance(value, NodeList):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _nodelists(item)


def _line(node: Node) -> int:
    token = getattr(node, "token", None)
    return getattr(token, "lineno", 0) or 0


def _assigned(nodes: Iterable[Node]) -> set[str]:
    """Names a tag assigns with `as …` ({% regroup %}, {% now %}, {% cycle %}, {% firstof %})."""
    names: set[str] = set()
    for node in nodes:
        for attribute in _ASSIGNING_ATTRIBUTES:
            if isinstance(value := getattr(node, attribute, None), str):
                names.add(value)
        for value in vars(node).values():
            for nodelist in _nodelists(value):
                names |= _assigned(nodelist)
    return names


def _walk(nodes: Iterable[Node], bound: frozenset[str], found: list[tuple[str, int]]) -> None:
    for node in nodes:
        line = _line(node)
        if isinstance(node, ForNode):
            found.extend((n, line) for n in _expression_names(node.sequence) if n not in bound)
            _walk(node.nodelist_loop, bound | set(node.loopvars) | {"forloop"}, found)
            _walk(node.nodelist_empty, bound, found)
            continue
        if isinstance(node, WithNode):
            for expression in node.extra_context.values():
                found.extend((n, line) for n in _expression_names(expression) if n not in bound)
            _walk(node.nodelist, bound | set(node.extra_context), found)
            continue
        if isinstance(node, FilterNode):
            # {% filter f:arg %}: the expression's own variable is a placeholder for the body.
            arguments = [a for _f, args in node.filter_expr.filters for lookup, a in args if lookup]
            found.extend((a.lookups[0], line) for a in arguments if a.lookups[0] not in bound)
            _walk(node.nodelist, bound, found)
            continue
        for attribute, value in vars(node).items():
            if attribute in ("token", "origin"):
                continue
            found.extend((n, line) for n in _value_names(value) if n not in bound)
            for nodelist in _nodelists(value):
                _walk(nodelist, bound, found)


def template_variables(template: Template) -> list[tuple[str, int]]:
    """Every context variable the template reads, with its line (loop variables excluded)."""
    found: list[tuple[str, int]] = []
    _walk(template.nodelist, frozenset(_assigned(template.nodelist)), found)
    return found


def render_template(template: Template, values: dict[str, Any]) -> str:
    return template.render(Context(values, autoescape=False))
