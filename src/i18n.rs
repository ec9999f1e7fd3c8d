//! The viewer's own words in each UI language (Chinese, English and
//! Japanese: one per edition of the newsletter).

use weekly_core::archive::{Edition, Lang};

/// All UI text of one language.
pub struct Strings {
    pub site_title: &'static str,
    pub skip_to_results: &'static str,
    pub loading: &'static str,
    pub error_title: &'static str,
    pub retry: &'static str,
    pub title_only: &'static str,
    pub removed: &'static str,
    pub skipped_entries: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub search_hint: &'static str,
    pub filters: &'static str,
    pub section: &'static str,
    pub topic: &'static str,
    pub link_language: &'static str,
    pub edition: &'static str,
    pub year: &'static str,
    pub issue_range: &'static str,
    pub issue_from: &'static str,
    pub issue_to: &'static str,
    pub sort: &'static str,
    pub newest_first: &'static str,
    pub oldest_first: &'static str,
    pub best_match: &'static str,
    pub show_removed: &'static str,
    pub each_link_once: &'static str,
    pub clear_all: &'static str,
    pub remove_filter: &'static str,
    pub active_filters: &'static str,
    pub results_one: &'static str,
    pub results_many: &'static str,
    pub no_results_title: &'static str,
    pub no_results_hint: &'static str,
    pub clear_filters: &'static str,
    pub show_more: &'static str,
    /// The (visually hidden) heading of the result list.
    pub results_heading: &'static str,
    /// The caption of the trends table.
    pub trends_caption: &'static str,
    pub dark_theme: &'static str,
    pub open_full_archive: &'static str,
    pub ui_language: &'static str,
    pub issue_link_title: &'static str,
    pub filter_by_tag: &'static str,
    pub also_in: &'static str,
    pub archived_copy: &'static str,
    pub archived_copy_title: &'static str,
    pub surprise_me: &'static str,
    pub feed: &'static str,
    pub trends: &'static str,
    pub trends_table: &'static str,
    pub lang_names: [&'static str; 4],
    pub edition_names: [&'static str; 3],
    /// An edition beside an issue number ("English #12").
    pub edition_short: [&'static str; 3],
    /// No result, and only the search to blame.
    pub no_results_search_hint: &'static str,
    pub clear_search: &'static str,
    /// One issue as a chip (`{n}` is its number).
    pub issue_single: &'static str,
    /// A quarter (`{y}` the year, `{q}` 1–4).
    pub quarter: &'static str,
    /// After the newest quarter while it still goes on.
    pub quarter_so_far: &'static str,
    /// Between a chip's facet and its option.
    pub chip_separator: &'static str,
    /// Under the trend charts (`{from}`, `{to}` quarters, `{max}` entries).
    pub trends_scale: &'static str,
}

impl Strings {
    /// The name of a link language (`Lang::ALL` order).
    pub fn lang_name(&self, lang: Lang) -> &'static str {
        self.lang_names[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)]
    }

    /// The name of an edition (`Edition::ALL` order).
    pub fn edition_name(&self, edition: Edition) -> &'static str {
        self.edition_names[Self::edition_index(edition)]
    }

    /// An issue of an edition, in a row or an "also in" link.
    pub fn edition_issue(&self, edition: Edition, issue: u32) -> String {
        format!(
            "{} #{issue}",
            self.edition_short[Self::edition_index(edition)]
        )
    }

    fn edition_index(edition: Edition) -> usize {
        Edition::ALL.iter().position(|e| *e == edition).unwrap_or(0)
    }

    /// "2024 Q1", "2024 年 Q1".
    pub fn quarter_label(&self, year: u16, quarter: u8) -> String {
        fill(
            self.quarter,
            &[("{y}", &year.to_string()), ("{q}", &quarter.to_string())],
        )
    }

    /// One issue as a chip: "Issue #36", "第 36 期".
    pub fn one_issue(&self, number: u32) -> String {
        fill(self.issue_single, &[("{n}", &number.to_string())])
    }

    /// The line under the trend charts: the quarters they span and the
    /// tallest bar's count.
    pub fn trends_scale_line(&self, from: &str, to: &str, max: usize) -> String {
        fill(
            self.trends_scale,
            &[("{from}", from), ("{to}", to), ("{max}", &max.to_string())],
        )
    }

    /// "1 entry" / "12 entries".
    pub fn results(&self, count: usize) -> String {
        let noun = if count == 1 {
            self.results_one
        } else {
            self.results_many
        };
        format!("{count} {noun}")
    }
}

pub const EN: Strings = Strings {
    site_title: "Python Trending Weekly archive",
    skip_to_results: "Skip to results",
    loading: "Loading the archive…",
    error_title: "The archive could not be loaded",
    retry: "Retry",
    title_only: "Title only (paid issue)",
    removed: "Removed by the author",
    skipped_entries: "entries of the archive were damaged and are not shown",
    search_label: "Search the archive",
    search_placeholder: "Search titles, descriptions, sites, topics…",
    search_hint: "Press / to search, Esc to clear",
    filters: "Filters",
    section: "Section",
    topic: "Topic",
    link_language: "Link language",
    edition: "Edition",
    year: "Year",
    issue_range: "Issues",
    issue_from: "From issue",
    issue_to: "To issue",
    sort: "Sort",
    newest_first: "Newest first",
    oldest_first: "Oldest first",
    best_match: "Best match",
    show_removed: "Show removed items",
    each_link_once: "Each link once (newest)",
    clear_all: "Clear all",
    remove_filter: "Remove filter",
    active_filters: "Active filters",
    results_one: "entry",
    results_many: "entries",
    no_results_title: "No entries match",
    no_results_hint: "Try fewer words, or remove a filter.",
    clear_filters: "Clear filters",
    show_more: "Show more entries",
    results_heading: "Results",
    trends_caption: "Entries per topic and quarter",
    dark_theme: "Dark theme",
    open_full_archive: "Open the full archive ↗",
    ui_language: "Interface language",
    issue_link_title: "Open this issue on the newsletter's site",
    filter_by_tag: "Show entries on this topic",
    also_in: "Also in",
    archived_copy: "Archived copy",
    archived_copy_title: "The page as the Internet Archive saved it around the issue's date",
    surprise_me: "Surprise me",
    feed: "Feed (RSS)",
    trends: "Topic trends by quarter",
    trends_table: "The figures as a table",
    lang_names: ["Chinese", "English", "Japanese", "Chinese & English"],
    edition_names: ["Chinese edition", "English edition", "Japanese edition"],
    edition_short: ["Chinese", "English", "Japanese"],
    no_results_search_hint: "Try fewer or shorter words.",
    clear_search: "Clear the search",
    issue_single: "Issue #{n}",
    quarter: "{y} Q{q}",
    quarter_so_far: " (so far)",
    chip_separator: ": ",
    trends_scale: "Quarters from {from} to {to}; the tallest bar is {max} entries.",
};

pub const ZH: Strings = Strings {
    site_title: "Python 潮流周刊归档",
    skip_to_results: "跳到结果",
    loading: "正在加载归档…",
    error_title: "归档加载失败",
    retry: "重试",
    title_only: "仅标题（付费期）",
    removed: "已被作者删除",
    skipped_entries: "条内容已损坏，未显示",
    search_label: "搜索归档",
    search_placeholder: "搜索标题、简介、网站、主题…",
    search_hint: "按 / 搜索，Esc 清空",
    filters: "筛选",
    section: "栏目",
    topic: "主题",
    link_language: "链接语言",
    edition: "版本",
    year: "年份",
    issue_range: "期数",
    issue_from: "起始期",
    issue_to: "结束期",
    sort: "排序",
    newest_first: "最新在前",
    oldest_first: "最早在前",
    best_match: "最相关",
    show_removed: "显示已删除条目",
    each_link_once: "重复链接只显示一次（最新）",
    clear_all: "全部清除",
    remove_filter: "移除筛选",
    active_filters: "当前筛选",
    results_one: "条结果",
    results_many: "条结果",
    no_results_title: "没有匹配的条目",
    no_results_hint: "试试减少关键词，或移除一个筛选条件。",
    clear_filters: "清除筛选",
    show_more: "显示更多条目",
    results_heading: "结果",
    trends_caption: "各主题每季度的条目数",
    dark_theme: "深色主题",
    open_full_archive: "打开完整归档 ↗",
    ui_language: "界面语言",
    issue_link_title: "在周刊网站上打开这一期",
    filter_by_tag: "查看这个主题的条目",
    also_in: "也见于",
    archived_copy: "存档副本",
    archived_copy_title: "互联网档案馆在这一期发布前后保存的页面",
    surprise_me: "随便看看",
    feed: "订阅（RSS）",
    trends: "各主题按季度的趋势",
    trends_table: "以表格查看数据",
    lang_names: ["中文", "英文", "日文", "中英双语"],
    edition_names: ["中文版", "英文版", "日文版"],
    edition_short: ["中文版", "英文版", "日文版"],
    no_results_search_hint: "试试更少或更短的关键词。",
    clear_search: "清空搜索",
    issue_single: "第 {n} 期",
    quarter: "{y} 年 Q{q}",
    quarter_so_far: "（截至目前）",
    chip_separator: "：",
    trends_scale: "从 {from} 到 {to} 的各季度；最高的柱为 {max} 条。",
};

pub const JA: Strings = Strings {
    site_title: "Python トレンド週刊アーカイブ",
    skip_to_results: "結果へ移動",
    loading: "アーカイブを読み込んでいます…",
    error_title: "アーカイブを読み込めませんでした",
    retry: "再試行",
    title_only: "タイトルのみ（有料号）",
    removed: "作者により削除",
    skipped_entries: "件の項目が破損していたため表示していません",
    search_label: "アーカイブを検索",
    search_placeholder: "タイトル、説明、サイト、トピックを検索…",
    search_hint: "/ で検索、Esc でクリア",
    filters: "絞り込み",
    section: "セクション",
    topic: "トピック",
    link_language: "リンクの言語",
    edition: "版",
    year: "年",
    issue_range: "号",
    issue_from: "開始号",
    issue_to: "終了号",
    sort: "並び順",
    newest_first: "新しい順",
    oldest_first: "古い順",
    best_match: "関連度順",
    show_removed: "削除された項目も表示",
    each_link_once: "同じリンクは一度だけ（最新）",
    clear_all: "すべてクリア",
    remove_filter: "絞り込みを外す",
    active_filters: "適用中の絞り込み",
    results_one: "件",
    results_many: "件",
    no_results_title: "一致する項目がありません",
    no_results_hint: "キーワードを減らすか、絞り込みを外してみてください。",
    clear_filters: "絞り込みをクリア",
    show_more: "さらに表示",
    results_heading: "結果",
    trends_caption: "トピック別・四半期別の項目数",
    dark_theme: "ダークテーマ",
    open_full_archive: "アーカイブ全体を開く ↗",
    ui_language: "表示言語",
    issue_link_title: "この号を週刊のサイトで開く",
    filter_by_tag: "このトピックの項目を表示",
    also_in: "ほかの掲載号",
    archived_copy: "アーカイブ版",
    archived_copy_title: "Internet Archive がこの号の頃に保存したページ",
    surprise_me: "おまかせ",
    feed: "フィード（RSS）",
    trends: "四半期ごとのトピックの推移",
    trends_table: "数値を表で見る",
    lang_names: ["中国語", "英語", "日本語", "中国語・英語"],
    edition_names: ["中国語版", "英語版", "日本語版"],
    edition_short: ["中国語版", "英語版", "日本語版"],
    no_results_search_hint: "キーワードを減らすか、短くしてみてください。",
    clear_search: "検索をクリア",
    issue_single: "第{n}号",
    quarter: "{y}年 Q{q}",
    quarter_so_far: "（途中）",
    chip_separator: "：",
    trends_scale: "{from}〜{to} の四半期ごと。最も高い棒は {max} 件。",
};

/// `template` with each named placeholder replaced by its value.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(name, value)
        })
}

/// The strings for a UI language.
pub fn strings(lang: Edition) -> &'static Strings {
    match lang {
        Edition::Zh => &ZH,
        Edition::En => &EN,
        Edition::Ja => &JA,
    }
}

/// The UI language for a browser language tag (`navigator.language`).
pub fn ui_lang_for(browser_lang: &str) -> Edition {
    // The primary language subtag: "zh-TW" is Chinese, "jv" or "jav" is
    // not Japanese.
    let primary = browser_lang.split(['-', '_']).next().unwrap_or_default();
    match primary.to_ascii_lowercase().as_str() {
        "zh" => Edition::Zh,
        "ja" => Edition::Ja,
        _ => Edition::En,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_language_picks_the_ui_language() {
        assert_eq!(ui_lang_for("zh-CN"), Edition::Zh);
        assert_eq!(ui_lang_for("ZH-tw"), Edition::Zh);
        assert_eq!(ui_lang_for("en-US"), Edition::En);
        assert_eq!(ui_lang_for("ja"), Edition::Ja);
        assert_eq!(ui_lang_for("ja-JP"), Edition::Ja);
        assert_eq!(ui_lang_for("jav"), Edition::En, "Javanese");
        assert_eq!(ui_lang_for("zha"), Edition::En, "Zhuang");
        assert_eq!(ui_lang_for(""), Edition::En);
    }

    #[test]
    fn names_follow_enum_order() {
        assert_eq!(EN.lang_name(Lang::ZhEn), "Chinese & English");
        assert_eq!(ZH.edition_name(Edition::Ja), "日文版");
        assert_eq!(EN.results(1), "1 entry");
        assert_eq!(EN.results(3), "3 entries");
        assert_eq!(EN.edition_issue(Edition::Zh, 12), "Chinese #12");
        assert_eq!(ZH.edition_issue(Edition::En, 7), "英文版 #7");
        assert_eq!(EN.quarter_label(2024, 1), "2024 Q1");
        assert_eq!(JA.quarter_label(2026, 3), "2026年 Q3");
        assert_eq!(EN.one_issue(36), "Issue #36");
        assert_eq!(
            EN.trends_scale_line("2023 Q2", "2026 Q3", 94),
            "Quarters from 2023 Q2 to 2026 Q3; the tallest bar is 94 entries."
        );
    }
}
