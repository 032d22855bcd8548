"""Small hand-written report snapshots for tests of the model and the exports.

`SMALL` is a cut-down Tongren report (real excerpts, every donation form, receipts apart);
`HOSTILE` carries text that must not reach a terminal or a document raw: Rich markup,
escape sequences, C1 and bidi controls, Markdown and CSV syntax, CJK and emoji.
"""

from __future__ import annotations

SMALL = """\
schema_version = 1

[report]
id = "small"
title = { zh = "上下联动 全民参与筑牢疫情防控坚实屏障", en = "Top and bottom acting together" }
office = { zh = "黄南州新型冠状病毒肺炎疫情处置工作指挥部办公室", en = "Huangnan response office" }
date = 2020-02-26

[report.region]
county = { zh = "同仁县", en = "Tongren County" }
prefecture = { zh = "黄南藏族自治州", en = "Huangnan Tibetan Autonomous Prefecture" }
province = { zh = "青海省", en = "Qinghai Province" }

[[sections]]
id = "duty"
heading = { zh = "主动扛责显担当,筑牢防控“红色堤坝”", en = "Shouldering duty" }

[[sections]]
id = "solidarity"
heading = { zh = "勠力同心齐发力,凝聚战“役”正能量", en = "Pulling together" }

[[units]]
id = "health"
name = { zh = "县卫生健康系统", en = "County health system" }
kind = "government"

[[units.measures]]
text = { zh = "188名医务工作者投身防控一线", en = "188 medical workers went to the front line" }
section = "duty"

[[units.measures.figures]]
id = "health-workers"
label = { zh = "医务工作者", en = "medical workers" }
value = 188
unit = "people"
raw = "188名"
lower_bound = false
excerpt = "188名医务工作者投身防控一线"
category = "people"

[[units]]
id = "urban-management"
name = { zh = "县城管局", en = "County Urban Management Bureau" }
kind = "government"

[[units.measures]]
text = { zh = "防控期间共清运垃圾1178余车次,清理垃圾0.6万余吨", en = "hauled away refuse" }
section = "duty"

[[units.measures.figures]]
id = "refuse-trips"
label = { zh = "清运垃圾", en = "refuse hauled" }
value = 1178
unit = "truckloads"
raw = "1178余车次"
lower_bound = true
excerpt = "防控期间共清运垃圾1178余车次"
category = "sanitation"

[[units.measures.figures]]
id = "refuse-tonnes"
label = { zh = "清理垃圾", en = "refuse cleared" }
value = 6000
unit = "tonnes"
raw = "0.6万余吨"
lower_bound = true
excerpt = "清理垃圾0.6万余吨"
category = "sanitation"

[[units]]
id = "congress-cppcc"
name = { zh = "县人大、政协", en = "County People's Congress and CPPCC" }
kind = "joint"
members = [
    { zh = "县人大", en = "County People's Congress" },
    { zh = "县政协", en = "County CPPCC" },
]

[[units.measures]]
text = { zh = "向疫情防控一线工作人员捐款捐物12.3万余元", en = "gave to front-line staff" }
section = "solidarity"

[[units.measures.figures]]
id = "congress-gift"
label = { zh = "捐款捐物", en = "cash and goods given" }
value = 123000
unit = "yuan"
raw = "12.3万余元"
lower_bound = true
excerpt = "向疫情防控一线工作人员捐款捐物12.3万余元"
category = "donations"

[[units]]
id = "agriculture"
name = { zh = "县农牧和科技局", en = "County Agriculture, Animal Husbandry and Technology Bureau" }
kind = "government"

[[units.measures]]
text = { zh = "组织全县77家养殖(种植)专业合作社捐赠10.5万余元物资", en = "cooperatives gave goods" }
section = "solidarity"

[[units.measures.figures]]
id = "cooperatives"
label = { zh = "专业合作社", en = "cooperatives" }
value = 77
unit = "cooperatives"
raw = "77家"
lower_bound = false
excerpt = "组织全县77家养殖(种植)专业合作社"
category = "people"

[[units.measures.figures]]
id = "cooperatives-gift"
label = { zh = "捐赠物资", en = "goods given" }
value = 105000
unit = "yuan"
raw = "10.5万余元"
lower_bound = true
excerpt = "向疫情防控一线工作人员捐赠10.5万余元物资"
category = "donations"

[[units]]
id = "red-cross"
name = { zh = "县红十字会", en = "County Red Cross" }
kind = "organisation"

[[units.measures]]
text = { zh = "县红十字会共接受全县社会各界人士捐款166.6万余元,物资价值25万余元", en = "received" }
section = "solidarity"

[[units.measures.figures]]
id = "red-cross-cash"
label = { zh = "接受捐款", en = "cash received" }
value = 1666000
unit = "yuan"
raw = "166.6万余元"
lower_bound = true
excerpt = "县红十字会共接受全县社会各界人士捐款166.6万余元"
category = "donations"

[[units.measures.figures]]
id = "red-cross-goods"
label = { zh = "接受物资", en = "goods received" }
value = 250000
unit = "yuan"
raw = "25万余元"
lower_bound = true
excerpt = "物资价值25万余元"
category = "donations"

[[townships]]
id = "longwu"
name = { zh = "隆务镇", en = "Longwu Town" }
kind = "town"

[[townships.measures]]
text = { zh = "向县疫情防控工作指挥部自发捐款42.8万余元", en = "residents gave cash" }
section = "solidarity"

[[townships.measures.figures]]
id = "longwu-gift"
label = { zh = "自发捐款", en = "cash given" }
value = 428000
unit = "yuan"
raw = "42.8万余元"
lower_bound = true
excerpt = "向县疫情防控工作指挥部自发捐款42.8万余元"
category = "donations"

[[townships]]
id = "guashize"
name = { zh = "瓜什则乡", en = "Guashize Township" }
kind = "township"

[[townships.measures]]
text = { zh = "将全村住户分三类登记造册", en = "registered every household in one of three groups" }
section = "duty"

[[townships.measures]]
text = { zh = "瓜什则乡驻同仁32家经营户捐赠发放1.9万物资", en = "32 businesses gave goods" }
section = "solidarity"

[[townships.measures.figures]]
id = "guashize-businesses"
label = { zh = "经营户", en = "businesses" }
value = 32
unit = "businesses"
raw = "32家"
lower_bound = false
excerpt = "瓜什则乡驻同仁32家经营户"
category = "people"

[[townships.measures.figures]]
id = "guashize-gift"
label = { zh = "捐赠物资", en = "goods given" }
value = 19000
unit = "yuan"
raw = "1.9万"
lower_bound = false
excerpt = "为全县疫情防控一线职工捐赠发放1.9万物资"
category = "donations"

[[donations]]
id = "gift-congress"
donor = "congress-cppcc"
recipient = { zh = "疫情防控一线工作人员", en = "front-line staff" }
form = "mixed"
figure = "congress-gift"

[[donations]]
id = "gift-longwu"
donor = "longwu"
donor_detail = { zh = "藏、汉、土、回、撒拉等各族群众", en = "residents of every ethnic group" }
recipient = { zh = "县疫情防控工作指挥部", en = "the county response headquarters" }
form = "cash"
figure = "longwu-gift"

[[donations]]
id = "gift-cooperatives"
donor = "agriculture"
form = "goods"
figure = "cooperatives-gift"

[[donations]]
id = "gift-guashize"
donor = "guashize"
donor_detail = { zh = "驻同仁32家经营户", en = "32 businesses based in Tongren" }
form = "goods"
figure = "guashize-gift"

[[receipts]]
id = "red-cross-cash"
recipient = "red-cross"
source = { zh = "全县社会各界人士", en = "people from all walks of life in the county" }
form = "cash"
figure = "red-cross-cash"

[[receipts]]
id = "red-cross-goods"
recipient = "red-cross"
form = "goods"
figure = "red-cross-goods"
"""

#: Text a user could put in a snapshot that must show as text, never act.
HOSTILE_NAME = "[bold]红[/bold] \\u001b[2J 🚑 | *x* <b>#1</b> [link=https://e.test]点[/link]"
HOSTILE_EXCERPT = (
    "[@click=app.quit]q[/] \\u001b]8;;https://e.test\\u0007链接 \\u009b31m捐款5万余元 "
    "\\u202e反向 🎉 | `code` &amp; $x$"
)

HOSTILE = f"""\
schema_version = 1

[report]
id = "hostile"
title = {{ zh = "{HOSTILE_NAME}", en = "=HYPERLINK(\\"https://e.test\\")" }}
office = {{ zh = "办公室\\u0000", en = "# not a heading" }}
date = 2020-02-26

[report.region]
county = {{ zh = "同仁县", en = "- not a list" }}
prefecture = {{ zh = "黄南藏族自治州", en = "> not a quote" }}
province = {{ zh = "青海省", en = "1. not a list" }}

[[sections]]
id = "s1"
heading = {{ zh = "{HOSTILE_NAME}", en = "[/]" }}

[[units]]
id = "u1"
name = {{ zh = "{HOSTILE_NAME}", en = "@SUM(A1:A9)" }}
kind = "organisation"

[[units.measures]]
text = {{ zh = "- 列表\\n# 标题", en = "+ plus\\r\\nline" }}
section = "s1"

[[units.measures.figures]]
id = "f1"
label = {{ zh = "=1+1", en = "-2+3" }}
value = 50000
unit = "yuan"
raw = "5万余元"
lower_bound = true
excerpt = "{HOSTILE_EXCERPT}"
category = "donations"

[[townships]]
id = "t1"
name = {{ zh = "多哇镇 🏔️", en = "Duowa Town \\u2066isolate\\u2069" }}
kind = "town"

[[townships.measures]]
text = {{ zh = "组织119名网格员", en = "\\t=cmd|' /C calc'!A0" }}
section = "s1"

[[townships.measures.figures]]
id = "f2"
label = {{ zh = "网格员 | 表格", en = "grid workers" }}
value = 119
unit = "people"
raw = "119名"
lower_bound = false
excerpt = "组织119名网格员 \\u001b[2J"
category = "people"

[[donations]]
id = "d1"
donor = "u1"
recipient = {{ zh = "| 一 | 二 |", en = "[red]x[/red]" }}
form = "cash"
figure = "f1"
"""
