"""Reference lists for the demo data generator (crm_desktop.tools.demo).

Plain data, no logic: branches with their cities and district codes, surnames weighted by
frequency, given-name characters, mobile prefixes, street names and e-mail domains.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoBranch:
    code: str
    name: str
    kind: str                      # 'hq' or 'branch'
    city: str                      # 北京市 ...
    account_prefix: str            # first 4 digits of the 12-digit 资金账号
    districts: tuple[tuple[str, str], ...]   # (6-digit region code, district name)
    streets: tuple[str, ...]
    weight: float                  # share of customers


HQ = DemoBranch("HQ", "总部", "hq", "北京市", "1000", (("110102", "西城区"),), ("金融大街",), 0.0)

BRANCHES: tuple[DemoBranch, ...] = (
    DemoBranch("BJ01", "北京金融街营业部", "branch", "北京市", "1101",
               (("110101", "东城区"), ("110102", "西城区"), ("110105", "朝阳区"), ("110106", "丰台区"),
                ("110108", "海淀区"), ("110114", "昌平区")),
               ("金融大街", "复兴门内大街", "西直门外大街", "建国门外大街", "中关村大街", "朝阳北路",
                "望京街", "学院路", "安定门外大街", "广安门内大街"), 0.22),
    DemoBranch("SH01", "上海陆家嘴营业部", "branch", "上海市", "3101",
               (("310101", "黄浦区"), ("310104", "徐汇区"), ("310105", "长宁区"), ("310106", "静安区"),
                ("310115", "浦东新区"), ("310112", "闵行区")),
               ("世纪大道", "陆家嘴环路", "南京东路", "淮海中路", "张杨路", "漕溪北路", "虹桥路",
                "延安西路", "东方路", "龙阳路"), 0.22),
    DemoBranch("SZ01", "深圳福田营业部", "branch", "深圳市", "4403",
               (("440304", "福田区"), ("440303", "罗湖区"), ("440305", "南山区"), ("440306", "宝安区"),
                ("440307", "龙岗区")),
               ("深南大道", "福华一路", "益田路", "华强北路", "科技园路", "南海大道", "红荔路",
                "滨河大道", "宝安大道"), 0.18),
    DemoBranch("GZ01", "广州天河营业部", "branch", "广州市", "4401",
               (("440106", "天河区"), ("440104", "越秀区"), ("440105", "海珠区"), ("440111", "白云区"),
                ("440113", "番禺区")),
               ("天河路", "体育西路", "珠江新城花城大道", "中山大道", "环市东路", "江南大道",
                "广州大道", "黄埔大道"), 0.14),
    DemoBranch("HZ01", "杭州西湖营业部", "branch", "杭州市", "3301",
               (("330106", "西湖区"), ("330102", "上城区"), ("330105", "拱墅区"), ("330108", "滨江区"),
                ("330110", "余杭区")),
               ("延安路", "文三路", "天目山路", "庆春路", "解放路", "江南大道", "莫干山路",
                "教工路"), 0.12),
    DemoBranch("CD01", "成都春熙路营业部", "branch", "成都市", "5101",
               (("510104", "锦江区"), ("510105", "青羊区"), ("510106", "金牛区"), ("510107", "武侯区"),
                ("510108", "成华区")),
               ("春熙路", "红星路", "人民南路", "天府大道", "蜀都大道", "一环路南", "建设路",
                "羊市街"), 0.12),
)

# ID numbers of people born elsewhere (about a quarter of every branch's customers).
OTHER_REGIONS: tuple[str, ...] = (
    "130102", "130602", "140105", "150102", "210102", "210202", "220102", "230103", "320106",
    "320503", "320102", "340104", "350203", "350102", "360102", "370102", "370202", "410105",
    "420106", "430102", "430104", "440104", "450103", "460105", "500103", "500112", "520102",
    "530102", "610113", "620102", "630104", "640104", "650102", "331002", "330203", "441900",
)

# Surnames with their approximate share of the population (per mille).
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 71), ("李", 70), ("张", 67), ("刘", 54), ("陈", 45), ("杨", 31), ("黄", 22), ("赵", 21),
    ("吴", 20), ("周", 19), ("徐", 13), ("孙", 15), ("马", 12), ("朱", 11), ("胡", 13), ("郭", 11),
    ("何", 12), ("高", 10), ("林", 10), ("罗", 9), ("郑", 8), ("梁", 8), ("谢", 7), ("宋", 6),
    ("唐", 6), ("许", 6), ("韩", 6), ("冯", 6), ("邓", 6), ("曹", 5), ("彭", 5), ("曾", 5),
    ("肖", 5), ("田", 5), ("董", 5), ("袁", 4), ("潘", 4), ("于", 4), ("蒋", 4), ("蔡", 4),
    ("余", 4), ("杜", 4), ("叶", 4), ("程", 4), ("苏", 3), ("魏", 3), ("吕", 3), ("丁", 3),
    ("任", 3), ("沈", 3), ("姚", 3), ("卢", 3), ("姜", 3), ("崔", 3), ("钟", 3), ("谭", 3),
    ("陆", 2), ("汪", 2), ("范", 2), ("金", 2), ("石", 2), ("廖", 2), ("贾", 2), ("夏", 2),
    ("韦", 2), ("付", 2), ("方", 2), ("白", 2), ("邹", 2), ("孟", 2), ("熊", 2), ("秦", 2),
    ("邱", 2), ("江", 2), ("尹", 2), ("薛", 2), ("闫", 2), ("段", 2), ("雷", 2), ("侯", 2),
    ("龙", 2), ("史", 2), ("陶", 1), ("黎", 1), ("贺", 1), ("顾", 1), ("毛", 1), ("郝", 1),
    ("龚", 1), ("邵", 1), ("万", 1), ("钱", 1), ("严", 1), ("覃", 1), ("武", 1), ("戴", 1),
    ("莫", 1), ("孔", 1), ("向", 1), ("汤", 1), ("欧阳", 0.5), ("司马", 0.2), ("诸葛", 0.1),
    ("上官", 0.1), ("东方", 0.1),
)

MALE_GIVEN = (
    "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林欢阳建国峰亮成志文博晨东海振洋毅"
    "松群天子一家嘉晓永立德兴昊然轩睿泽宏江山川锋刚诚哲彬康翔晖宾兵坤铭航逸昌盛荣武")
FEMALE_GIVEN = (
    "芳娜敏静丽艳娟霞秀玲燕婷雪慧红琳萍颖洁倩丹蕾晶欣悦琪佳璐梅莉怡雯诗瑶梦涵馨彤月妍思晓雨嘉"
    "春兰英凤云琴桂萱蓉薇倩菲娅媛婉琦茜楠瑾莹露")

# Real mobile number segments (China Mobile, Unicom, Telecom).
MOBILE_PREFIXES: tuple[str, ...] = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
    "150", "151", "152", "153", "155", "156", "157", "158", "159",
    "180", "181", "182", "183", "185", "186", "187", "188", "189",
    "191", "193", "195", "198", "199",
)

EMAIL_DOMAINS: tuple[str, ...] = ("qq.com", "163.com", "126.com", "sina.com", "139.com", "foxmail.com")

# Staff of a branch other than the marketing team (login suffix, title, roles, posts,
# staff_type, customer scope, public pool, superior suffix).
BRANCH_STAFF: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], str, str, bool, str | None], ...] = (
    ("admin", "营业部管理员", ("branch_admin",), (), "manager", "own", False, None),
    ("director", "营销总监", ("marketing_director",), ("marketing_director",), "manager", "subordinates",
     True, None),
    ("trading", "交易部经理", ("trading_manager",), ("trading_manager",), "manager", "branch", True, None),
    ("devmgr", "客户发展部经理", ("marketing",), (), "manager", "subordinates", False, "director"),
    ("info", "信息管理员", ("info_manager",), (), "back_office", "branch", False, None),
    ("analyst", "分析员", ("analyst", "data_export"), (), "back_office", "branch", False, None),
)

HQ_STAFF: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], str, str, bool, str | None], ...] = (
    ("hq_admin", "总部系统管理员", ("hq_admin",), (), "hq", "all", False, None),
    ("hq_marketing", "总部营销主管", ("hq_marketing",), ("hq_marketing",), "hq", "all", True, None),
    ("hq_analyst", "总部分析员", ("analyst", "data_export"), (), "hq", "all", False, None),
)


# 信息栏目 (FAQ 42): HQ's information columns, the share of each branch's customers (per mille)
# subscribed to each, and the issue the demo publishes so that the agent sends it on the first run.
SMS_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("早盘提示", "每个交易日开盘前的市场要闻与操作提示", 30),
    ("收盘点评", "收盘后的大盘走势与板块点评", 15),
    ("新股提醒", "新股申购日、中签缴款日提醒", 10),
)
SMS_DEMO_ISSUE = ("早盘提示", "【早盘提示】{姓名}{称呼}您好：隔夜外盘整体收涨，今日关注科技与消费板块，注意控制仓位。"
                              "{营业部}{员工}")
