"""Label spellings and boilerplate patterns: data only, no logic.

Every site spells its labels a little differently (来源 / 刊名 / 出处, 被引量 / 被引次数,
其他文献 / 相关文献 / 相似文献 ...). The parser matches against these tables; adding a
spelling here is the whole change needed to support it. Text is matched after NFKC
folding, so full-width and half-width forms need not both be listed; traditional
spellings do need listing.
"""

# Declared charset labels whose true repertoire is wider than their name says.
CODEC_WIDENING = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "ms936": "gb18030", "windows-936": "gb18030", "csgb2312": "gb18030",
    "euc-cn": "gb18030", "x-euc-cn": "gb18030", "iso-ir-58": "gb18030", "chinese": "gb18030",
    "big5": "big5hkscs", "x-big5": "big5hkscs", "cp950": "big5hkscs", "big5-hkscs": "big5hkscs",
    "unicode": "utf-16", "ucs-2": "utf-16", "utf8": "utf-8", "iso-8859-1": "cp1252",
    "latin1": "cp1252", "ascii": "utf-8", "us-ascii": "utf-8",
}

# Field labels. Order inside a tuple does not matter: the longest match wins.
FIELD_LABELS = {
    "title": ("题名", "篇名", "标题", "文献标题", "论文题目", "论文标题", "论文名称", "题目", "中文题名", "中文篇名"),
    "source": ("来源", "来源期刊", "来源刊物", "来源出版物", "刊名", "期刊", "期刊名", "期刊名称",
               "出处", "文献来源", "所属期刊", "发表期刊", "刊物", "刊物名称", "出版物", "载于",
               "來源", "來源期刊", "刊物名稱", "期刊名稱", "所屬期刊", "發表期刊", "source", "journal"),
    "citations": ("被引量", "被引次数", "被引用次数", "被引频次", "被引", "引用次数", "被引用",
                  "被引次數", "被引用次數", "被引頻次", "引用次數", "cited by", "citations"),
    "uploader": ("上传用户", "上传者", "上传人", "上传会员", "贡献者", "分享者", "分享用户",
                 "上傳用戶", "上傳者", "上傳人", "貢獻者", "uploader", "uploaded by"),
    "authors": ("作者", "作者姓名", "著者", "作者们", "作者名", "研究生", "authors", "author"),
    "keywords": ("关键词", "关键字", "关 键 词", "关键 词", "主题词", "中文关键词", "中文关键字"),
    "abstract": ("摘要", "摘 要", "提要", "内容摘要", "内容提要", "中文摘要", "文摘", "內容摘要", "內容提要"),
}

# Values of a 来源 label that name where a site got a file, not a publication.
NOT_SOURCES = ("网络", "网络收集", "网络整理", "互联网", "网友上传", "网友投稿", "网友分享", "用户上传",
               "本站", "本站原创", "原创", "转载", "整理", "佚名", "未知", "其他", "网络转载", "综合",
               "网友", "会员上传", "网络资源", "搜集整理", "收集整理", "网络搜集", "网上收集", "网上搜集",
               "编辑整理", "综合整理", "网络综合")

# Labels of lines that describe the paper but are not its text: never body.
META_LABELS = (
    "基金", "基金项目", "基金资助", "资助项目", "项目基金", "基金項目", "分类号", "中图分类号", "中图法分类号",
    "中圖分類號", "分類號", "文献标识码", "文獻標識碼", "文献标志码", "文章编号", "文章編號", "doi", "收稿日期",
    "修回日期", "收稿时间", "录用日期", "网络出版时间", "网络首发时间", "网络出版地址", "作者简介", "作者簡介",
    "通讯作者", "通信作者", "引用本文", "引用格式", "引文格式", "本文引用格式", "文章引用", "英文标题",
    "英文篇名", "英文摘要",
    "英文关键词", "abstract", "key words", "keywords", "keyword", "外文关键词", "外文摘要", "外文题名", "核心提示",
    "写作年份", "文献编号", "received", "revised", "accepted", "online", "published", "contact", "e-mail", "email",
    "corresponding author", "fund", "foundation", "cite this article", "citation", "指导教授", "学位类别",
    "校院名称", "系所名称", "学门", "学类", "论文种类", "论文出版年", "毕业学年度", "语文别", "论文页数",
    "相关次数", "点阅", "作者单位", "单位", "作者機構", "机构", "作者机构", "下载次数", "下载量", "下載次數",
    "页数", "页码", "頁數", "上传时间", "上传日期", "上傳時間", "浏览", "浏览量", "浏览次数", "阅读", "阅读量",
    "阅读数", "阅读次数", "所需积分", "积分", "售价", "价格", "出版日期", "发表时间", "发布时间", "发布日期",
    "更新时间", "年份", "年卷期", "期号", "卷期", "issn", "cn", "isbn", "文件大小", "大小", "格式", "文档格式",
    "文件格式", "分类", "栏目", "所属分类", "专辑", "专题", "标签", "tags", "点击", "点击数", "评分", "下载",
    "收藏", "字数", "语种", "类型", "文献类型", "发布者", "编辑", "责任编辑", "出版社", "出版单位", "主办单位",
    "学科", "学科分类", "来源数据库", "数据库", "在线出版日期", "作者信息", "全文页数", "下载积分", "时间", "日期",
    "导师", "指导教师", "指导老师", "学位授予单位", "授予单位", "学位级别", "学位类型", "学位名称", "学科专业",
    "专业", "专业名称", "授予学位", "答辩日期", "机构地区", "所属期刊栏目", "所属栏目", "年,卷(期)", "年卷(期)",
    "页次", "頁次", "下载频次", "被浏览", "发布人", "提交时间", "出版年", "卷号", "期刊号", "分类号码", "作者單位",
    "資料類型", "瀏覽", "下載", "年 份", "刊期", "卷期号", "语言", "正文语种", "小编", "本站小编", "导读", "導讀",
    "编者按", "編者按", "title", "about author", "about the author", "about the authors", "biography",
)

# Headings of the other-literature section.
RELATED_HEADINGS = (
    "其他文献", "其它文献", "相关文献", "相似文献", "推荐文献", "相关文章", "相关论文", "相关文档",
    "相关推荐", "相关阅读", "相关期刊论文", "相关资料", "相关内容", "同类文献", "相似论文", "相似文档",
    "相关研究", "延伸阅读", "参考此文献的文献", "相關文獻", "相似文獻", "其他文獻", "相關文章",
    "相關論文", "相關文檔", "推薦文獻", "相关论文推荐", "相关文献推荐", "相似文献推荐",
    "本文相关文章", "相关文章推荐", "本文相关文献", "相似文章", "相關推薦", "相似論文", "类似文章",
    "相关内容推荐", "相关文档推荐", "相关资料推荐", "相关阅读推荐", "相似文档推荐", "相關內容推薦",
)

# Headings of site-wide lists that look like related literature but are not.
SITE_LIST_HEADINGS = (
    "热门文档", "热门文章", "热门论文", "热门推荐", "热门下载", "热门搜索", "热门标签", "本周排行",
    "本月排行", "排行榜", "下载排行", "阅读排行", "期刊推荐", "推荐期刊", "最新文档", "最新文章",
    "最新上传", "最新论文", "最新发布", "精品推荐", "精选文档", "猜你喜欢", "为您推荐", "编辑推荐",
    "友情链接", "合作伙伴", "网站导航", "热門文檔", "熱門文檔", "熱門文章", "本週排行", "猜你喜歡",
    "大家都在看", "看了又看", "你可能感兴趣", "最近浏览", "浏览记录", "热门文献", "最新文献",
    "热点文献", "热门期刊", "期刊导航", "学科导航", "相关期刊", "相关搜索", "相关标签",
    "热门帖子", "相关学者", "相关机构", "快速检索", "相关专题", "热门下载排行", "最新热门", "热门阅读",
    "点击排行", "最新更新", "推荐阅读",
)

# How a site's name ends; a short first line of a text copy that ends so is not the title.
SITE_NAME_SUFFIXES = ("网", "在线", "文库", "学术", "平台", "论文网", "图书馆", "数据库", "知网",
                      "百科", "文档", "资料库", "首页", "官网", "网站", "频道", "期刊网", "书屋",
                      "大全", "之家", "社区", "论坛", "范文", "中心")

# What a contributor did, written beside the names in an author line (张三 综述 李四 审校).
AUTHOR_ROLES = ("综述", "审校", "审阅", "执笔", "编译", "翻译", "编译者", "整理", "主审", "校对", "指导", "通讯作者",
                "编写", "撰稿", "摄影", "供稿")

# Words of section headings that read like two-character names (引言 is no author).
HEADING_WORDS = ("引言", "前言", "结论", "结语", "摘要", "讨论", "结果", "方法", "绪论", "概述",
                 "总结", "致谢", "背景", "小结", "展望", "正文", "附录", "目录", "说明", "简介")

# Headings after which the article is over (its references, appendices of the page).
END_OF_ARTICLE = (
    "参考文献", "参 考 文 献", "參考文獻", "references", "reference", "主要参考文献", "注释",
    "引证文献", "被引文献", "共引文献", "二级参考文献", "引用文献",
)

# Markers that announce the article text; never body themselves.
BODY_MARKERS = (
    "论文部分内容阅读", "部分内容阅读", "全文阅读", "正文", "展开全文", "阅读全文", "在线阅读",
    "文档内容", "文本预览", "内容预览", "全文", "正文内容", "论文正文", "全文内容", "文章内容",
    "内容简介", "文档简介", "html全文", "全文预览", "预览", "正文快照", "快照", "文档内容预览",
    "内容预览", "内文预览", "內文預覽", "全文預覽", "論文預覽", "论文预览",
)

# Category labels that sit between related items (not items themselves).
CATEGORY_LABELS = (
    "期刊", "学位论文", "会议论文", "报纸", "专利", "标准", "图书", "成果", "硕士论文", "博士论文",
    "期刊论文", "学位", "会议", "年鉴", "外文期刊", "外文文献", "中文期刊", "更多", "更多>>", "更多>",
    "查看更多", "more", "换一换", "期刊文章", "學位論文", "會議論文",
)

# Whole-line boilerplate: chrome, download prompts, notices, footers (regexes, NFKC text).
BOILERPLATE_PATTERNS = (
    r"下载到本地",
    r"^声明\s*[:：]",
    r"本文档内容版权归属",
    r"版权归.{0,12}所有",
    r"版权所有",
    r"copyright|©|\(c\)\s*\d{4}",
    r"icp[备證证]|icp\s*\d|公网安备|公網安備|增值电信业务",
    r"^还剩.{0,10}(页|頁)",
    r"(继续|繼續)阅读|(继续|繼續)閱讀|展开阅读全文|展开全文|阅读全文|点击阅读|查看全文",
    r"立即下载|免费下载|付费下载|下载文档|全文下载|登录后下载|登录下载|下载全文|下载此文档|下载本文|下载pdf|pdf下载|caj下载",
    r"加入vip|开通vip|vip免费|vip专享|成为vip|会员免费",
    r"^(举报|收藏|分享|打印|纠错|评论|点赞|关注)$",
    r"^(当前位置|您的位置|你的位置|所在位置|位置)\s*[:：]",
    r"^(首页|网站首页|返回首页)(\s*[>›»/|].*)?$",
    r"暂无.{0,6}全文|请.{0,4}下载.{0,6}阅读|本文暂无",
    r"^分享到\s*[:：]?",
    r"扫描二维码|扫一扫|二维码",
    r"客服热线|客服电话|客服qq|联系客服|在线客服",
    r"^(上一篇|下一篇|上一页|下一页|返回顶部|返回列表)",
    r"上一篇\s*[|｜/]?\s*下一篇|上一页\s*[|｜/]?\s*下一页",
    r"^[-—–_\s]*(第\s*)?\d+\s*(页)?\s*[-—–_\s]*$",
    r"^第?\s*\d+\s*页?\s*[/／]\s*共?\s*\d+\s*页?$",
    r"^\d+\s*/\s*\d+$",
    r"^共\s*\d+\s*页",
    r"^\(?(责任编辑|责编|编辑|校对|审核)\s*[:：].{0,20}\)?$",
    r"^[\(（]?(责任编辑|责编)\s*[:：]?.{0,12}[\)）]$",
    r"用户协议|隐私政策|免责声明|侵权投诉|关于我们|联系我们|网站地图|意见反馈|帮助中心",
    r"^(登录|注册|登录\s*[|/]\s*注册|免费注册|退出)$",
    r"欢迎(来到|访问|光临)",
    r"^本文(由|来自|转载|系).{0,30}(整理|上传|提供|转载|网友)",
    r"转载请注明",
    r"手机阅读|手机版|app\s*下载|下载app",
    r"^(字号|字体)\s*[:：]",
    r"^(相关|热门)?(搜索|标签)\s*[:：]",
    r"论文查重|毕业论文.{0,8}(查重|代写|发表)|查重.{0,4}低至|限时.{0,2}折",
    r"^(打印本页|关闭窗口|加入收藏|设为首页)",
    r"^引用\s*$",
    r"^目录$",
    r"\d+(?:\.\d+)?\s*[kmg]b\b.{0,20}(查看|打开|下载|pdf)",
    r"^(浏览|阅读|下载|瀏覽|下載)\s*\d[\d,]*\s*次",
    r"预览结束|下载后可查看|购买全文|購買全文|完整内容请|完整內容請|以上为部分|以上為部分",
    r"^(论文|全文)?预览\s*[(（]",
    r"发表于\s*\d{4}-\d|只看该作者|本帖最后由|^(沙发|板凳|地板)|发表回复|回帖|^powered by|processed in [\d.]+ second",
    r"^(数据库|中国.{0,12}数据库).{0,8}前?\s*\d+\s*条$",
    r"^文件描述|^文件\s*大小",
    r"^(友情提示|温馨提示|特别提示)\s*[:：]?$",
    r"^本站小编",
    r"^(查看|点击查看)?更多[\u4e00-\u9fff]{0,6}\s*(>>|>|»|›)+$",
    r"还剩\s*\d+\s*[页頁]",
    r"(下载|阅读|查看|下載|閱讀).{0,6}(需要|需|消耗|扣除|花费)\s*\d+\s*(金币|积分|下载券|点券|元|金幣|積分)",
    r"^\s*<image>.*</image>\s*$|^\s*\[image[^\]]*\]\s*$|^\s*!\[[^\]]*\]\([^)]*\)\s*$",   # image placeholders
    r"^[•·●◆■▪]\s*[^。，,；;]{1,24}[:：]\s*\d[\d,]*\s*$",   # • 點閱:263, a counter in a list
)

# Words of UI chrome; a line made only of short tokens most of which contain one is a button row.
CHROME_WORDS = (
    "下载", "阅读", "引用", "举报", "收藏", "分享", "打印", "vip", "登录", "注册", "首页", "评论",
    "点赞", "纠错", "html", "pdf", "caj", "导出", "订阅", "关注", "客服", "帮助", "搜索", "上传",
    "充值", "会员", "积分", "投稿", "更多", "返回", "关闭", "复制", "密码", "验证码", "账号", "支付",
)

# Badges shown beside a title that are not part of it.
TITLE_BADGES = (
    "网络首发", "优先出版", "优先数字出版", "独家", "免费", "原创", "精品", "推荐", "热门", "置顶",
    "vip", "new", "hot", "网络首發", "優先出版", "增强出版", "英文版", "北大核心", "核心期刊",
    "中文核心", "cssci", "cscd", "ei", "sci", "统计源期刊", "科技核心", "精华", "置顶", "精选",
)
# Document-type marks that follow a title only inside brackets: [J], [D], [EB/OL].
TITLE_TYPE_MARKS = ("j", "d", "c", "m", "n", "p", "r", "s", "eb/ol", "j/ol", "pdf", "doc", "docx",
                    # …and the full-text links a journal's page shows beside its title: [PDF全文]
                    "pdf全文", "html全文", "全文", "全文下载", "pdf下载")

# File-type suffixes a document library appends to titles.
FILE_SUFFIXES = ("pdf", "doc", "docx", "txt", "ppt", "pptx", "xls", "xlsx", "caj", "kdh", "nh",
                 "wps", "rtf", "html", "htm", "mht")

# Words journal names end with: used to cut a glued "title + journal.year" related line.
JOURNAL_TAILS = (
    "研究", "学报", "学刊", "杂志", "科学", "评论", "探索", "技术", "工程", "通讯", "通报", "进展",
    "管理", "论坛", "月刊", "季刊", "科技", "与应用", "世界", "信息", "导刊", "动态", "前沿", "实践",
    "教育", "经济", "文摘", "周刊", "纵横", "建设", "报", "刊", "学", "与开发", "与设备", "与管理",
    "应用", "设计", "发展", "导报", "天地", "观察", "视野", "战线", "之友", "丛刊", "汇刊", "年鉴",
)

# Words titles end with and journal names do not start with.
TITLE_FINAL_WORDS = ("研究", "分析", "方法", "应用", "探讨", "实践", "设计", "问题", "对策", "策略",
                     "建议", "综述", "启示", "思考", "试验", "实验", "初探", "浅析", "模型", "影响")

# Affiliation words: a short line made of these is an address, not a sentence.
AFFILIATION_WORDS = (
    "大学", "学院", "研究所", "研究院", "研究中心", "实验室", "医院", "公司", "中心", "集团", "学校",
    "中学", "小学", "研究室", "科学院", "工程院", "管理局", "委员会", "设计院", "卫生院", "学系",
    "系", "所", "厅", "局", "站", "处", "馆", "部", "university", "college", "institute",
    "hospital", "school", "laboratory", "academy", "department",
)
