//! The viewer's own words in each UI language.

use weekly_core::archive::Edition;

/// All UI text of one language.
pub struct Strings {
    pub site_title: &'static str,
    pub loading: &'static str,
    pub error_title: &'static str,
    pub retry: &'static str,
    pub title_only: &'static str,
    pub removed: &'static str,
    pub skipped_entries: &'static str,
    pub show_more: &'static str,
    pub entries_count: &'static str,
}

pub const EN: Strings = Strings {
    site_title: "Python Trending Weekly archive",
    loading: "Loading the archive…",
    error_title: "The archive could not be loaded",
    retry: "Retry",
    title_only: "Title only (paid issue)",
    removed: "Removed by the author",
    skipped_entries: "entries of the archive were damaged and are not shown",
    show_more: "Show more",
    entries_count: "entries",
};

pub const ZH: Strings = Strings {
    site_title: "Python 潮流周刊归档",
    loading: "正在加载归档…",
    error_title: "归档加载失败",
    retry: "重试",
    title_only: "仅标题（付费期）",
    removed: "已被作者删除",
    skipped_entries: "条内容已损坏，未显示",
    show_more: "显示更多",
    entries_count: "条",
};

/// The strings for a UI language; Japanese readers get English for now.
pub fn strings(lang: Edition) -> &'static Strings {
    match lang {
        Edition::Zh => &ZH,
        Edition::En | Edition::Ja => &EN,
    }
}
