//! One small invented fixture per format era of the newsletter, and the
//! ways a file can be wrong.

use weekly_builder::mojibake::Codec;
use weekly_builder::parse::{parse_file, ParsedIssue, SourceFile};
use weekly_builder::report::FileError;
use weekly_core::archive::{plain_text, Edition, Entry, Inline, Lang, Status};

fn parse(edition: Edition, name: &str, text: &str) -> Result<ParsedIssue, FileError> {
    parse_file(&SourceFile {
        name: name.into(),
        path: format!("fixture/{name}"),
        edition,
        bytes: text.as_bytes().to_vec(),
    })
}

fn ok(edition: Edition, name: &str, text: &str) -> ParsedIssue {
    let p = parse(edition, name, text).expect("parses");
    for s in &p.report.sections {
        assert_eq!(s.links.unaccounted, 0, "{s:?}");
    }
    p
}

fn entry<'a>(p: &'a ParsedIssue, id: &str) -> &'a Entry {
    p.entries.iter().find(|e| e.id == id).unwrap_or_else(|| {
        panic!(
            "no {id} in {:?}",
            p.entries.iter().map(|e| &e.id).collect::<Vec<_>>()
        )
    })
}

#[test]
fn zh_front_matter_and_chinese_numbering() {
    let p = ok(
        Edition::Zh,
        "2023-05-13-weekly.md",
        "---\ntitle: 'Python潮流周刊#7：一个''引号''标题'\npubDate: 2023-07-01\n---\n\n\
         本期周刊分享了 2 篇文章，1 个开源项目。\n\n## 🦄文章&教程\n\n\
         1、[第一篇](https://a.example/1)（英文）\n\n介绍 `asyncio` 的**用法**，另见[附录](https://a.example/x)。\n\n\
         2、[第二篇](https://a.example/2)\n\n3.12 版本的变化。\n\n\
         ## 🐿️项目&资源\n\n1、[工具](https://a.example/3) (中英)\n\n一个工具。\n\n\
         ## 赞助&支持\n\n请[赞赏](https://a.example/donate)。\n",
    );
    assert_eq!(p.issue.number, 7);
    assert_eq!(p.issue.date, "2023-07-01");
    assert_eq!(p.issue.title, "Python潮流周刊#7：一个'引号'标题");
    assert_eq!(p.issue.stated_counts.get("articles"), Some(&2));
    assert!(
        p.report.count_mismatches.is_empty(),
        "{:?}",
        p.report.count_mismatches
    );
    assert_eq!(p.entries.len(), 3);
    let a1 = entry(&p, "zh-7-articles-1");
    assert_eq!(a1.title, "第一篇");
    assert_eq!(a1.url.as_deref(), Some("https://a.example/1"));
    assert_eq!(a1.lang, Lang::En);
    assert_eq!(a1.section_title, "文章&教程");
    assert!(matches!(a1.description[0].inlines[1], Inline::Code { .. }));
    assert_eq!(
        plain_text(&a1.description),
        "介绍 asyncio 的用法，另见附录。"
    );
    let a2 = entry(&p, "zh-7-articles-2");
    assert_eq!(a2.lang, Lang::Zh);
    assert_eq!(plain_text(&a2.description), "3.12 版本的变化。");
    assert_eq!(entry(&p, "zh-7-projects-1").lang, Lang::ZhEn);
}

#[test]
fn early_en_with_removed_item_sub_links_and_glued_marks() {
    let p = ok(
        Edition::En,
        "2023-06-03-weekly.md",
        "# Python Trending Weekly #5 (2023-06-03)\n\nIntro.\n\n## 🦄Articles & Tutorials\n\n\
         1. [First](https://a.example/1)(English)\n\nText.\n\n\
         2. The original article was not original, and has been deleted.\n\n\
         3. Two Tutorials:\n\n- [Bot](https://a.example/b) (English): build a bot.\n- [DNS](https://a.example/d) (Chinese)\n\n\
         4. [Fourth](https://a.example/4) (in English)\n\n2. not an item, a numbered line of the description\n",
    );
    assert_eq!(p.issue.number, 5);
    assert_eq!(p.issue.date, "2023-06-03");
    let e1 = entry(&p, "en-5-articles-1");
    assert_eq!((e1.title.as_str(), e1.lang), ("First", Lang::En));
    let e2 = entry(&p, "en-5-articles-2");
    assert_eq!(e2.status, Status::Removed);
    assert_eq!(e2.url, None);
    assert_eq!(e2.number, Some(2));
    let e3 = entry(&p, "en-5-articles-3");
    assert_eq!(e3.title, "Two Tutorials");
    assert_eq!(e3.url, None);
    assert_eq!(e3.children.len(), 2);
    assert_eq!(e3.children[1].lang, Some(Lang::Zh));
    assert_eq!(plain_text(&e3.description), "Bot: build a bot.");
    let e4 = entry(&p, "en-5-articles-4");
    assert!(plain_text(&e4.description).contains("not an item"));
    assert_eq!(p.entries.len(), 4);
}

#[test]
fn weekly_title_without_hash_and_bare_line_headings() {
    let p = ok(
        Edition::En,
        "2024-03-02-weekly.md",
        "# Python Trending Weekly 40 (2024-03-02)\n\nShared 1 articles, 1 open-source projects.\n\n\
         [🦄Articles & Tutorials](https://x.example/w)\n\n1、[A](https://a.example/1)\n\nText.\n\n\
         **[🐿️Projects & Resources](https://x.example/w)**\n\n1、[P](https://a.example/2) (Japanese)\n\n\
         [🐧 Past Reviews](https://x.example/w)\n\n[Old issue](https://x.example/old)\n",
    );
    assert_eq!(p.issue.number, 40);
    assert_eq!(p.entries.len(), 2);
    assert_eq!(entry(&p, "en-40-projects-1").lang, Lang::Ja);
    assert!(p.report.count_mismatches.is_empty());
    let heading_links: usize = p.report.sections.iter().map(|s| s.links.heading).sum();
    assert_eq!(heading_links, 2);
}

#[test]
fn adjacent_title_links_quoted_promotions_and_sub_bullet_colons() {
    let p = ok(
        Edition::Zh,
        "2023-06-17-weekly.md",
        "---\ntitle: 'Python潮流周刊#7：x'\npubDate: 2023-06-17\n---\n\n\
         ## 🦄文章&教程\n\n\
         1、[pybites：](https://pybites.example/)[定期重构的重要性](https://pybites.example/refactor) (英)\n\n介绍。\n\n\
         2、[core.py](http://core.py/)[ Ep 10：聊 REPL](https://pod.example/10)\n\n\
         3、[合集：](https://a.example/list)\n\n\
         - [第一篇](https://a.example/1) （英文）：讲异步\n\
         - [Second](https://a.example/2): on typing\n\n\
         > 🎁Python潮流周刊🎁已顺利更新到第 7 期啦！见[这里](https://a.example/promo)\n",
    );
    let e1 = entry(&p, "zh-7-articles-1");
    assert_eq!(e1.title, "pybites：定期重构的重要性");
    assert_eq!(e1.url.as_deref(), Some("https://pybites.example/refactor"));
    assert_eq!(e1.lang, Lang::En);
    assert!(e1.children.is_empty(), "{:?}", e1.children);
    let e2 = entry(&p, "zh-7-articles-2");
    assert_eq!(e2.title, "core.py Ep 10：聊 REPL");
    assert_eq!(e2.url.as_deref(), Some("https://pod.example/10"));
    // The sub-bullets keep the author's colon; the quoted promotion is no
    // description.
    let e3 = entry(&p, "zh-7-articles-3");
    assert_eq!(
        plain_text(&e3.description),
        "第一篇：讲异步\nSecond: on typing"
    );
    let links = &p.report.sections[0].links;
    assert_eq!(links.joined_in_title, 2);
    assert_eq!(links.footer, 1);
}

#[test]
fn linked_and_emoji_outside_headings() {
    let p = ok(
        Edition::Zh,
        "2024-09-01-weekly.md",
        "---\ntitle: 'Python 潮流周刊#66：x'\npubDate: 2024-09-01\n---\n\n\
         ## [🦄文章&教程](https://x.example/w)\n\n1、[A](https://a.example/1)\n\n\
         ### 🐿️[项目&资源](https://x.example/w)\n\n1、[B](https://a.example/2)\n\n\
         ## [🥂讨论&问题](https://x.example/w)\n\n1、[C](https://a.example/3)\n",
    );
    let ids: Vec<&str> = p.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "zh-66-articles-1",
            "zh-66-projects-1",
            "zh-66-discussions-1"
        ]
    );
    assert_eq!(p.entries[1].section_title, "项目&资源");
}

#[test]
fn paid_issue_lists_titles_only() {
    let p = ok(
        Edition::Zh,
        "2025-08-09-weekly.md",
        "# Python 潮流周刊#114：付费\n\n去专栏阅读全文：[全文链接](https://x.example/p)\n\n分享了 2 篇文章，1 个开源项目\n\n\
         **[🦄文章&教程](https://x.example/w)**\n\n\n① 第一篇\n\n② setup\\.py 的故事\n\n\
         **[🐿️项目&资源](https://x.example/w)**\n\n① 工具：做点事\n\n\
         周刊实行付费订阅制，欢迎订阅：[https://x.example/s](https://x.example/s)\n\n[第一季合集](https://x.example/s1)\n",
    );
    assert!(p.issue.title_only);
    assert_eq!(p.entries.len(), 3);
    assert!(p
        .entries
        .iter()
        .all(|e| e.status == Status::TitleOnly && e.url.is_none()));
    assert_eq!(entry(&p, "zh-114-articles-2").title, "setup.py 的故事");
    assert!(p.report.count_mismatches.is_empty());
    let footer: usize = p.report.sections.iter().map(|s| s.links.footer).sum();
    assert_eq!(footer, 2);
}

#[test]
fn mojibake_is_repaired_and_reported() {
    let heading = Codec::MacRoman.mojibake("## 🦄Articles & Tutorials");
    let text = format!(
        "# Python Trending Weekly #9 (2023-07-01)\n\n{heading}\n\n1. [A 🐢](https://a.example/1)\n"
    );
    let p = ok(Edition::En, "2023-07-01-weekly.md", &text);
    assert_eq!(p.report.repaired_lines.len(), 1);
    assert_eq!(p.report.repaired_lines[0].line, 3);
    assert_eq!(p.entries[0].section, "articles");
    assert_eq!(p.entries[0].section_title, "Articles & Tutorials");
}

#[test]
fn numbering_slips_images_html_and_unsafe_links() {
    let p = ok(
        Edition::Zh,
        "2025-03-01-weekly.md",
        "---\ntitle: 'Python 潮流周刊#91：x'\npubDate: 2025-03-01\n---\n\n本期分享了 4 篇文章。\n\n## 🦄文章&教程\n\n\
         1、[A](https://a.example/1)\n\n有 <b>HTML</b> 和 [坏链接](javascript:alert(1))。\n\n\
         ![](https://img.example/a.png)2、[B](https://a.example/2)\n\n\
         2、[C](https://a.example/3)\n\n```python\n# 不是标题\n1、也不是条目\n```\n\n\
         4、[D](https://a.example/4)\n",
    );
    let s = &p.report.sections[0];
    assert_eq!(s.numbers, [1, 2, 2, 4]);
    assert_eq!(s.slips.len(), 2, "{:?}", s.slips);
    assert_eq!(s.images, 1);
    assert_eq!(s.links.unsafe_dropped, 1);
    assert_eq!(p.entries.len(), 4);
    assert!(p.report.count_mismatches.is_empty());
    let a = entry(&p, "zh-91-articles-1");
    assert_eq!(plain_text(&a.description), "有 HTML 和 坏链接。");
    let c = entry(&p, "zh-91-articles-3");
    assert_eq!(c.number, Some(2));
    assert!(
        matches!(&c.description[0].inlines[0], Inline::Code { code } if code.contains("# 不是标题"))
    );
}

#[test]
fn stated_count_mismatches_are_reported() {
    let p = ok(
        Edition::Zh,
        "2024-01-06-weekly.md",
        "---\ntitle: 'Python 潮流周刊#34：x'\npubDate: 2024-01-06\n---\n\n本期周刊分享了 3 篇文章，赠书 5 本。\n\n\
         ## 🦄文章&教程\n\n1、[A](https://a.example/1)\n\n2、[B](https://a.example/2)\n\n\
         ## 🐢赠书福利\n\n本期赠书 **5** 本《示例之书》。\n",
    );
    assert_eq!(
        p.report.count_mismatches,
        ["articles: the intro states 3, 2 produced"]
    );
    let book = entry(&p, "zh-34-books-1");
    assert_eq!(book.title, "示例之书");
    assert_eq!(book.number, None);
}

#[test]
fn broken_files_say_where_and_what_to_do() {
    let e = parse(Edition::Zh, "a-weekly.md", "---\ntitle: x\n").unwrap_err();
    assert_eq!(e.line, 1);
    assert!(e.hint.contains("---"));
    let e = parse(Edition::En, "2024-01-06-weekly.md", "no title here\n").unwrap_err();
    assert!(e.reason.contains("no title"), "{e:?}");
    let e = parse(
        Edition::En,
        "2024-01-06-weekly.md",
        "# Weekly without a number\n",
    )
    .unwrap_err();
    assert!(e.reason.contains("no issue number"), "{e:?}");
    let mut bytes = b"# Python Trending Weekly #1 (2024-01-06)\n\nok\n".to_vec();
    bytes.extend([0xff, 0xfe, b'\n']);
    let e = parse_file(&SourceFile {
        name: "2024-01-06-weekly.md".into(),
        path: "x".into(),
        edition: Edition::En,
        bytes,
    })
    .unwrap_err();
    assert_eq!(e.line, 4);
    assert!(e.hint.contains("UTF-8"));
}

#[test]
fn essay_issue_with_numbered_headings() {
    let p = ok(
        Edition::En,
        "2024-06-10-weekly.md",
        "# Python Trending Weekly #55: Nine Sources\n\nIntro.\n\n## 1. First Letter\n\nGood.\n\n\
         Subscribe: [https://a.example/1](https://a.example/1)\n\n![](https://img.example/1.png)\n\n\
         ## 2. Second Letter\n\nAlso good: [site](https://a.example/2).\n",
    );
    let ids: Vec<&str> = p.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["en-55-projects-1", "en-55-projects-2"]);
    let first = &p.entries[0];
    assert_eq!(
        (first.number, first.title.as_str()),
        (Some(1), "First Letter")
    );
    assert_eq!(first.url.as_deref(), Some("https://a.example/1"));
    assert_eq!(first.section_title, "Projects & Resources");
}

#[test]
fn a_huge_line_builds_and_is_reported_where_it_is() {
    use weekly_builder::parse::HUGE_LINE_CHARS;
    let blob = "数".repeat(HUGE_LINE_CHARS + 1);
    let text = format!(
        "# Weekly #3 (2024-01-06)\n\n## 🦄Articles\n\n1、[T](https://example.com)\n\n{blob}\n\n2、[U](https://example.org)\n\n{}\n",
        "x".repeat(HUGE_LINE_CHARS)
    );
    let p = ok(Edition::En, "2024-01-06-weekly.md", &text);
    assert_eq!(p.entries.len(), 2, "it builds");
    let huge: Vec<_> = p
        .warnings
        .iter()
        .filter(|w| w.message.contains("characters long"))
        .collect();
    assert_eq!(
        huge.len(),
        1,
        "only the line past the limit: {:?}",
        p.warnings
    );
    assert_eq!(huge[0].line, 7);
    assert!(huge[0]
        .message
        .contains(&format!("{} characters", HUGE_LINE_CHARS + 1)));
}
