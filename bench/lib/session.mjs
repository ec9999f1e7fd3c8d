// The scripted session (the same as the native engine bench): each query
// is typed key by key, the box is cleared between queries.
export const QUERIES = [
  "asyncio", "异步", "fastapi", "数据分析", "uv", "rust", "pandas", "机器学习", "django", "typing",
  "性能优化", "llm agent", "爬虫", "pytest", "web 框架", "GIL", "可视化", "numpy", "python 3.13", "教程",
];
