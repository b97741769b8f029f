"""Word lists for the demo county. The county (桐川县) and every person in it are invented."""

COUNTY = "桐川县"
FEDERATION_NAME = "桐川县总工会"
# The county is placed in Zhejiang: resident ID area codes of that province (33xxxx).
AREA_CODES = ("330781", "330782", "330783", "330784", "330723", "330726", "330727", "330702", "330703")
# Administrative division code used inside the demo USCCs (the county's, invented but well-formed).
USCC_AREA = "330785"
CENTRE = (29.215, 120.085)  # latitude, longitude of the county seat

# (name, kind, communities) — kind is "township" or "street".
AREAS = (
    ("城关镇", "township", ()),
    ("桐溪镇", "township", ("桃源村",)),
    ("白沙镇", "township", ()),
    ("龙湾镇", "township", ()),
    ("青石乡", "township", ()),
    ("东城街道", "street", ("幸福社区", "锦绣社区")),
    ("西城街道", "street", ("文昌社区",)),
)
ROADS = (
    "人民路",
    "解放路",
    "建设大道",
    "桐溪路",
    "文化路",
    "工业路",
    "滨江路",
    "新华街",
    "育才路",
    "兴业大道",
)

# Common surnames, most frequent first (repeated to weight them).
SURNAMES = (
    "王王王王李李李李张张张张刘刘刘陈陈陈杨杨黄黄赵赵吴吴周周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
    "肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶"
    "黎贺顾毛郝龚邵万钱严武戴莫孔汤"
)
MALE_GIVEN = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林洋志国建文峰亮成东海兵晨"
FEMALE_GIVEN = "芳娜敏静丽艳娟霞燕玲桂萍红英梅琳雪倩婷慧莉颖洁琴云秀兰月欣悦佳怡蕾晶丹璐"

MOBILE_PREFIXES = (
    "139",
    "138",
    "137",
    "136",
    "135",
    "158",
    "159",
    "188",
    "187",
    "182",
    "177",
    "199",
    "151",
    "152",
)

# Enterprises: (trade name, business, industry, ownership, employee range). The demo picks from these.
FIRMS = (
    ("华宇", "机械制造", "manufacturing", "private", (300, 1200)),
    ("恒通", "物流", "logistics", "private", (80, 400)),
    ("鑫达", "五金制品", "manufacturing", "private", (60, 300)),
    ("永兴", "纺织", "manufacturing", "private", (200, 900)),
    ("金石", "新材料科技", "manufacturing", "joint", (150, 600)),
    ("瑞丰", "食品", "manufacturing", "private", (80, 350)),
    ("宏远", "建筑工程", "construction", "private", (100, 500)),
    ("天成", "电子科技", "manufacturing", "foreign", (300, 1500)),
    ("博源", "软件技术", "it", "private", (30, 120)),
    ("万佳", "商贸", "retail", "private", (40, 200)),
    ("汇通", "汽车零部件", "manufacturing", "hmt", (200, 800)),
    ("桐川县城市建设投资", "集团", "construction", "state", (150, 400)),
    ("桐川农村商业", "银行股份", "finance", "joint", (200, 500)),
    ("康宁", "医疗器械", "manufacturing", "private", (60, 300)),
    ("青禾", "农业开发", "agriculture", "collective", (30, 150)),
    ("锦程", "酒店管理", "hospitality", "private", (60, 200)),
    ("德润", "家具", "manufacturing", "private", (50, 260)),
    ("中和", "包装印务", "manufacturing", "private", (40, 180)),
    ("新锐", "光电", "manufacturing", "joint", (120, 500)),
    ("嘉禾", "服饰", "manufacturing", "private", (80, 400)),
    ("盛世", "物业服务", "services", "private", (60, 300)),
    ("安泰", "建材", "manufacturing", "private", (40, 200)),
    ("远航", "运输", "logistics", "private", (30, 160)),
    ("绿源", "环保科技", "services", "private", (30, 120)),
    ("华康", "医院", "health", "private", (120, 400)),
    ("明德", "教育科技", "education", "private", (30, 100)),
    ("东升", "化纤", "manufacturing", "private", (100, 600)),
    ("桐川水务", "集团", "services", "state", (100, 300)),
    ("金桥", "电气", "manufacturing", "joint", (90, 400)),
    ("百川", "超市连锁", "retail", "private", (60, 300)),
    ("长兴", "铸造", "manufacturing", "private", (50, 250)),
    ("正大", "饲料", "agriculture", "private", (40, 150)),
    ("众诚", "电子商务", "it", "private", (30, 100)),
    ("华信", "通信工程", "it", "private", (40, 160)),
    ("鼎力", "起重机械", "manufacturing", "private", (60, 260)),
    ("丰华", "茶业", "agriculture", "private", (25, 90)),
    ("海天", "塑胶制品", "manufacturing", "foreign", (80, 350)),
    ("兴隆", "餐饮管理", "hospitality", "private", (30, 120)),
    ("佳美", "日化", "manufacturing", "private", (30, 150)),
    ("宏达", "钢结构", "construction", "private", (40, 200)),
    ("旭日", "光伏科技", "manufacturing", "joint", (100, 450)),
    ("振华", "轴承", "manufacturing", "private", (60, 300)),
    ("凯旋", "汽车销售服务", "retail", "private", (25, 80)),
    ("和美", "家政服务", "services", "private", (25, 70)),
    ("森达", "木业", "manufacturing", "private", (30, 140)),
)
# Small enterprises (under 25 employees) covered by a joint union.
SMALL_FIRMS = (
    ("小橙", "网络科技", "it"),
    ("晴川", "文化传媒", "services"),
    ("易达", "快印", "services"),
    ("味之源", "餐饮", "hospitality"),
    ("优品", "便利店", "retail"),
    ("巧手", "家电维修", "services"),
    ("鸿运", "货运代理", "logistics"),
    ("星光", "广告设计", "services"),
    ("益康", "药房", "health"),
    ("启航", "驾驶培训", "education"),
    ("乐家", "装饰工程", "construction"),
    ("禾丰", "粮油", "retail"),
    ("青竹", "竹制品", "manufacturing"),
    ("美好", "美容美发", "services"),
    ("捷顺", "汽车维修", "services"),
    ("书香", "图书", "retail"),
)
