"""What a reader sees of a full-text query: section results, trusted marks, the page it opens.

Built from ``tests/fixtures/searchmarks``, four posts that each reproduce a defect of the
excerpt-era search: ``Transformer`` beside Performer/Vector/BERT (7001), ``反向过程`` after
``前向过程`` with a formula in between (7002), ``扩散模型`` beside lone ``模型`` (7002),
``梯度`` in prose, in a formula (``\\text{梯度}``) and in code (7003), words only in the
comments (7004).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest

pytestmark = pytest.mark.browser

CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "searchmarks" / "content"

IN_VIEW = """el => {
  const r = el.getBoundingClientRect();
  return r.bottom > 0 && r.top < innerHeight;
}"""


@pytest.fixture(scope="module")
def site_url(built_site, http_server) -> str:
    return http_server(built_site(content=CONTENT))


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1000, "height": 600})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    yield page
    context.close()
    assert errors == []


def search(page, site_url: str, query: str, extra: str = "") -> dict:
    """Open search.html?q=query and return what each result shows."""
    page.goto(f"{site_url}search.html?q={quote(query)}{extra}")
    page.wait_for_selector("#search-results[aria-busy='false']", timeout=15000)
    return page.evaluate(
        """() => ({
          status: document.getElementById('search-status').textContent,
          results: [...document.querySelectorAll('#search-list > li')].map(li => ({
            href: li.querySelector('a.search-result-link').href,
            titleMarks: [...li.querySelectorAll('h2 mark')].map(m => m.textContent),
            sections: [...li.querySelectorAll('a.search-section-link')].map(a => ({
              name: a.textContent, href: a.href})),
            snippets: [...li.querySelectorAll('p.snippet')].map(p => p.textContent),
            marks: [...li.querySelectorAll('p.snippet mark')].map(m => m.textContent),
          })),
        })"""
    )


def fragment(href: str) -> str:
    return unquote(urlsplit(href).fragment)


def test_latin_word_is_marked_whole_never_inside_other_words(page, site_url: str) -> None:
    (result,) = search(page, site_url, "Transformer")["results"]
    assert result["titleMarks"] == ["Transformer"]  # titles are marked too
    assert result["marks"] and set(result["marks"]) == {"Transformer"}
    # The section that holds the word, not the intro that names Performer, Vector and BERT.
    assert [s["name"] for s in result["sections"]] == ["§ 旋转位置编码"]
    assert fragment(result["href"]) == "旋转位置编码"
    assert "Performer" not in " ".join(result["snippets"])


def test_chinese_phrase_snippet_opens_at_the_phrase_not_at_a_neighbour(page, site_url: str) -> None:
    (result,) = search(page, site_url, "反向过程")["results"]
    (text,) = result["snippets"]
    assert text.startswith("反向过程从噪声出发"), text
    assert set(result["marks"]) == {"反向过程"}
    assert [s["name"] for s in result["sections"]] == ["§ 反向过程"]


def test_snippets_hold_no_tex(page, site_url: str) -> None:
    shown = search(page, site_url, "扩散模型")["results"][0]["snippets"]
    text = " ".join(shown)
    assert "去噪" in text and "⋯" in text  # the formula is one mark
    for debris in ("{", "}", "\\", "mathcal", "boldsymbol", "_t"):
        assert debris not in text, (debris, text)


def test_whole_chinese_phrase_only_no_lone_piece(page, site_url: str) -> None:
    (result,) = search(page, site_url, "扩散模型")["results"]
    assert result["titleMarks"] == ["扩散模型"]
    assert set(result["marks"]) == {"扩散模型"}  # never the lone 模型 of the intro


def test_a_post_with_several_matching_sections_shows_two(page, site_url: str) -> None:
    (result,) = search(page, site_url, "梯度下降")["results"]
    names = [s["name"] for s in result["sections"]]
    assert sorted(names) == ["§ 动量", "§ 学习率"]
    assert len(result["snippets"]) == 2
    assert all("梯度下降" in marks for marks in [result["marks"]])


def test_section_link_lands_on_the_heading_with_the_words_marked(page, site_url: str) -> None:
    search(page, site_url, "反向过程")
    page.click("a.search-section-link")
    page.wait_for_selector("mark.search-hit")
    url = urlsplit(page.url)
    assert parse_qs(url.query)["highlight"] == ["反向过程"]
    assert unquote(url.fragment) == "反向过程"
    page.wait_for_function("() => document.readyState === 'complete'")
    page.wait_for_timeout(300)  # the scroll after MathJax
    # the heading's own text (post_toc adds a "#" link after it)
    own = "h => [...h.childNodes].filter(n => !n.classList?.contains('heading-anchor'))"
    own += ".map(n => n.textContent).join('').trim()"
    assert page.eval_on_selector("h2[id='反向过程']", own) == "反向过程"
    marks = page.eval_on_selector_all("mark.search-hit", "ms => ms.map(m => m.textContent)")
    assert set(marks) == {"反向过程"}
    # The first mark of the section is on screen.
    first = page.query_selector("h2[id='反向过程'] ~ p mark.search-hit")
    assert first.evaluate(IN_VIEW)


def test_page_marks_a_chinese_word_mid_sentence_never_in_formula_or_code(
    page, site_url: str
) -> None:
    page.goto(f"{site_url}archives/7003.html?highlight={quote('梯度')}#动量")
    page.wait_for_selector("mark.search-hit")
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    page.evaluate("() => MathJax.startup.promise")
    state = page.evaluate(
        """() => ({
          marks: [...document.querySelectorAll('mark.search-hit')].map(m => m.textContent),
          inFormula: document.querySelectorAll(
            '.arithmatex mark, mjx-container mark, pre mark, code mark').length,
          sentence: document.querySelector('h2[id="动量"] + p').innerHTML,
          formulas: document.querySelectorAll('mjx-container').length,
          bar: document.querySelector('.highlight-bar').textContent,
        })"""
    )
    assert state["formulas"] >= 1  # the formula with \\text{梯度} was typeset
    assert state["inFormula"] == 0
    assert set(state["marks"]) == {"梯度"}
    # Mid-sentence: 给梯度下降 / 比梯度下降, no word boundary around it.
    assert '给<mark class="search-hit">梯度</mark>下降' in state["sentence"]
    assert "清除高亮" in state["bar"]
    page.wait_for_timeout(300)
    assert page.query_selector("h2[id='动量'] + p mark.search-hit").evaluate(IN_VIEW)
    # Clearing takes the marks and the parameter away, the hash stays.
    page.click("button.highlight-clear")
    assert page.query_selector_all("mark.search-hit") == []
    assert "highlight" not in page.url and unquote(urlsplit(page.url).fragment) == "动量"
    assert "给梯度下降加上惯性" in page.inner_text("main")


def test_no_result_message_suggests_what_to_try(page, site_url: str) -> None:
    query = '量子引力 扩散模型 <img src=x onerror=alert(1)>/"'
    shown = search(page, site_url, query)
    assert shown["results"] == [] and "没有找到" in shown["status"]
    hints = page.eval_on_selector_all(
        "#search-hints a", "as => as.map(a => ({text: a.textContent, href: a.href}))"
    )
    texts = [h["text"] for h in hints]
    assert {"量子引力", "扩散模型"} <= set(texts)  # fewer words, each a link
    assert any(urlsplit(h["href"]).path.endswith("archives/index.html") for h in hints)
    (blog,) = [h for h in hints if h["href"].startswith("https://kexue.fm/search/")]
    assert blog["href"] == "https://kexue.fm/search/" + quote(query, safe="!*'()") + "/"
    assert page.query_selector("#search-hints img") is None  # the query stayed text
    assert "包括评论" in page.inner_text("#search-hints")
    # A suggested single word finds its post.
    page.click("#search-hints a:text-is('扩散模型')")
    page.wait_for_selector("#search-results[aria-busy='false'] #search-list > li")
    assert "7002.html" in page.eval_on_selector("a.search-result-link", "a => a.href")


def test_comments_are_searched_only_when_asked(page, site_url: str) -> None:
    assert search(page, site_url, "对偶间隙")["results"] == []
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.check("#search-comments")
    page.wait_for_selector("#search-results[aria-busy='false'] #search-list > li")
    shown = page.eval_on_selector_all(
        "#search-list a.search-section-link", "as => as.map(a => [a.textContent, a.href])"
    )
    assert [name for name, _ in shown] == ["§ 评论"]
    assert fragment(shown[0][1]) == "comment-17001"
    assert "comments=1" in page.url
    assert any("/search/comment-body/" in url for url in requested)
    # The prefix does the same without the box.
    (result,) = search(page, site_url, "comments:对偶间隙")["results"]
    assert result["marks"] == ["对偶间隙"]
    assert fragment(result["href"]) == "comment-17001"


def test_default_queries_never_fetch_comment_files(page, site_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    search(page, site_url, "梯度下降")
    assert any("/search/text/" in url for url in requested)
    assert not any("/search/comment" in url for url in requested)


def test_a_comment_result_opens_on_the_comment_with_its_words_marked(page, site_url: str) -> None:
    search(page, site_url, "comments:对偶间隙")
    page.click("a.search-section-link")
    page.wait_for_selector("mark.search-hit")
    assert unquote(urlsplit(page.url).fragment) == "comment-17001"
    page.wait_for_function("() => document.readyState === 'complete'")
    page.wait_for_timeout(300)
    first = page.query_selector("#comment-17001 .comment-body mark.search-hit")
    assert first.text_content() == "对偶间隙" and first.evaluate(IN_VIEW)


def test_a_hostile_highlight_parameter_stays_text(page, site_url: str) -> None:
    hostile = '<img src=x onerror=alert(1)> "梯度" title:</p><script>alert(2)</script>'
    page.goto(f"{site_url}archives/7003.html?highlight={quote(hostile)}")
    page.wait_for_selector(".highlight-bar")
    assert page.query_selector("main img, main script:not([src])") is None
    marks = page.eval_on_selector_all("mark.search-hit", "ms => ms.map(m => m.textContent)")
    assert set(marks) == {"梯度"}


def test_without_a_section_the_page_scrolls_to_the_first_mark_of_the_text(
    page, site_url: str
) -> None:
    page.goto(f"{site_url}archives/7002.html?highlight={quote('去噪')}")
    page.wait_for_selector(".post-body mark.search-hit")
    page.wait_for_function("() => document.readyState === 'complete'")
    page.wait_for_timeout(300)
    # The title holds 去噪 too and is marked, but the reader is taken into the text.
    assert page.query_selector("#post-title mark.search-hit") is not None
    first = page.query_selector(".post-body mark.search-hit")
    assert first.evaluate(IN_VIEW)
    assert page.evaluate("() => scrollY") > 0
