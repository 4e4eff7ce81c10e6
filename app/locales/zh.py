"""简体中文 (Simplified Chinese): STRINGS = {English text: translation}.

Terms used throughout (keep them consistent): JS 散度, KL 散度, 推土机距离 / Wasserstein 距离 (W1),
全变差距离 (TV), 判别器, 生成器, 评论家 (critic), 权重裁剪, 梯度消失, 模式崩溃, 支撑集 (support),
传输方案 (plan), 奈特 (nats). Formulas are not translated. Placeholders such as ``{n}`` and plotly's
``%{x}`` must stay exactly as in the English text (tests/test_i18n.py checks ``{...}``).

Fill the gaps with ``python -m app.i18n_extract --write-missing`` (see app/i18n_extract.py).
"""

STRINGS: dict[str, str] = {
    # ---- app/main.py, app/navigation.py: the shell and the curriculum ---------------------------
    "Start": "开始",
    "The argument, step by step": "论证，一步一步",
    "Divergence Lab: why the Wasserstein GAN works, one step at a time.":
        "散度实验室：一步一步看懂 Wasserstein GAN 为什么有效。",
    "Home": "首页",
    "The whole story in five steps, with a live teaser.": "五步讲完整个故事，附一个可交互的预览。",
    "1 · JS saturates": "1 · JS 散度饱和",
    "Once the supports stop overlapping, JS is stuck at ln 2 (zero gradient) while W1 keeps "
    "growing.":
        "一旦两个分布的支撑集不再重叠，JS 散度就停在 ln 2（梯度为 0），而 W1 仍在继续增长。",
    "2 · Thin supports in 2D": "2 · 二维中的低维支撑集",
    "Real data lives on thin manifolds that almost never overlap; sampling makes overlap rarer "
    "still.":
        "真实数据分布在很薄的低维流形上，两者几乎从不重叠；采样让重叠更加罕见。",
    "3 · The earth mover": "3 · 推土机距离",
    "EMD is the cost of the cheapest plan that moves the earth of P into the shape of Q.":
        "推土机距离（EMD）是把 P 这堆土搬成 Q 的形状的最便宜方案的代价。",
    "4 · The critic": "4 · 评论家（critic）",
    "A weight-clipped critic learns W1 up to a constant: the Kantorovich–Rubinstein dual.":
        "经过权重裁剪的评论家能学到相差一个常数倍的 W1：Kantorovich–Rubinstein 对偶。",
    "5 · The generator's gradient": "5 · 生成器的梯度",
    "A too-good discriminator leaves the generator no gradient; the WGAN critic does not.":
        "过于优秀的判别器让生成器梯度消失；WGAN 的评论家则不会。",
    "6 · GAN vs WGAN, live": "6 · GAN 与 WGAN 实时对比",
    "Trained side by side, WGAN covers the modes and its loss tracks sample quality.":
        "并排训练时，WGAN 覆盖所有模式（没有模式崩溃），它的损失也能反映样本质量。",

    # ---- app/shell.py: language, presentation, share link, link notices ----------------------
    "Divergence Lab": "散度实验室",
    "Language · 语言": "语言 · Language",
    "Presentation mode": "演示模式",
    "For a projector: big fonts and markers, the sidebar collapsed, only the essential controls.":
        "适合投影仪：大字体、大标记，侧边栏收起，只保留必要的控件。",
    "Share this view": "分享当前视图",
    "Copy link to this view": "复制此视图的链接",
    "Copied!": "已复制！",
    "Press Ctrl+C to copy.": "请按 Ctrl+C 复制。",
    "The link opens this page with the same settings and language.":
        "打开该链接会显示同一页面，设置和语言都相同。",
    "Ignored unknown link parameters: {names}.": "已忽略链接中无法识别的参数：{names}。",
    " and {n} more": " 以及另外 {n} 个",

    # ---- app/state.py: values from the URL ----------------------------------------------------
    "too long": "太长",
    "Ignored the link's value for “{key}”: {why}.": "已忽略链接中“{key}”的值：{why}。",
    "“{raw}” is not a number": "“{raw}”不是数字",
    "the value must be finite": "数值必须是有限的",
    "The link's value {v} for “{key}” is outside [{lo}, {hi}]; using {c}.":
        "链接中“{key}”的值 {v} 超出范围 [{lo}, {hi}]；改用 {c}。",
    "“{raw}” is not one of the choices": "“{raw}”不是可选项之一",
    "“{raw}” is not on or off": "“{raw}”既不是开也不是关",

    # ---- app/ui.py ------------------------------------------------------------------------------
    "undefined": "未定义",
    "Why? The argument in a few lines": "为什么？几行话讲清论证",
    "What to notice:": "请注意：",
    "Download CSV": "下载 CSV",
    "More settings": "更多设置",

    # ---- app/predict.py ------------------------------------------------------------------------
    "Predict first:": "先预测：",
    "Your guess": "你的猜测",
    "Commit my guess": "提交我的猜测",
    "Pick an answer, then commit to it: the answer appears afterwards.":
        "先选一个答案并提交，之后才会显示正确答案。",
    "Answer": "答案",
    "Right.": "答对了。",
    "Not this time.": "这次没猜对。",
    "Right: off by only {d}.": "答对了：只差 {d}。",
    "Off by {d}.": "差了 {d}。",
    "Try again": "再试一次",

    # ---- app/byod.py, divergences/userdata.py: your own data ------------------------------------
    "click to add": "点击添加",
    "add a point at x = %{x:.2f}": "在 x = %{x:.2f} 处添加一个点",
    "add a point at (%{x:.2f}, %{y:.2f})": "在 (%{x:.2f}, %{y:.2f}) 处添加一个点",
    "your points": "你的点",
    "Click the grey dots to add points for {role}": "点击灰色圆点，为 {role} 添加点",
    "stack of samples (count)": "样本堆叠（个数）",
    "CSV file: one column of samples": "CSV 文件：一列样本",
    "CSV file: two columns, x and y": "CSV 文件：两列，x 和 y",
    "Numbers only, at most {mb} MB and 20 000 rows; an optional header row. Rows with empty, NaN "
    "or infinite cells are dropped.":
        "只能包含数字，最多 {mb} MB、20 000 行；可以有一行表头。含空值、NaN 或无穷值的行会被丢弃。",
    "Could not use “{name}”: {why}": "无法使用“{name}”：{why}",
    "Dropped {k} rows with empty, NaN or infinite cells.": "已丢弃 {k} 行含空值、NaN 或无穷值的数据。",
    "Undo last point": "撤销最后一个点",
    "Clear points": "清除所有点",
    "Points drawn: {n}": "已画的点：{n} 个",
    "The page's data": "本页自带的数据",
    "Upload a CSV": "上传 CSV",
    "Draw by clicking": "点击绘制",
    "Use your own data for {role}": "为 {role} 使用你自己的数据",
    "Data for {role}": "{role} 的数据",
    "Using {n} of your points as {role}.": "正在使用你的 {n} 个点作为 {role}。",
    "Download these points (CSV)": "下载这些点（CSV）",
    "At least {k} points are needed; until then the page uses its own data.":
        "至少需要 {k} 个点；在此之前，本页使用自带的数据。",
    "The file is too big: {size} bytes; the limit is {limit} bytes.":
        "文件太大：{size} 字节；上限是 {limit} 字节。",
    "This is not a text file (it contains binary data). Upload a CSV of numbers.":
        "这不是文本文件（含有二进制数据）。请上传由数字组成的 CSV。",
    "This file is not UTF-8 text. Save it as a plain CSV (UTF-8) and upload it again.":
        "该文件不是 UTF-8 文本。请另存为普通 CSV（UTF-8）后重新上传。",
    "The file is empty: it has no rows of numbers.": "文件是空的：没有任何数字行。",
    "The file has a header but no rows of numbers.": "文件只有表头，没有数字行。",
    "The file has {rows} rows; the limit is {limit}.": "文件有 {rows} 行；上限是 {limit} 行。",
    "Expected one column of 1-D samples, found {n} columns.":
        "应为一列一维样本，但发现了 {n} 列。",
    "Expected two columns (x, y) of 2-D points, found {n} column(s).":
        "应为两列（x, y）二维点，但发现了 {n} 列。",
    "Expected one column (1-D samples) or two columns (x, y), found {n} columns.":
        "应为一列（一维样本）或两列（x, y），但发现了 {n} 列。",
    "Line {line} has {n} cells; the first row has {m}.": "第 {line} 行有 {n} 个单元格；第一行有 {m} 个。",
    "Line {line}, column {col}: “{cell}” is not a number. Only numeric columns are accepted.":
        "第 {line} 行第 {col} 列：“{cell}”不是数字。只接受数值列。",
    "Values must lie between −{m:g} and {m:g}; this file has {v:.3g}.":
        "数值必须在 −{m:g} 到 {m:g} 之间；该文件中有 {v:.3g}。",
    "Only {n} usable rows after dropping {k} with NaN, empty or infinite cells; at least {m} are "
    "needed.":
        "丢弃 {k} 行含 NaN、空值或无穷值的数据后，只剩 {n} 行可用；至少需要 {m} 行。",

    # ---- app/figures.py --------------------------------------------------------------------------
    "overlap": "重叠部分",
    "{n} (point mass)": "{n}（点质量）",
    "Densities of P and Q": "P 和 Q 的密度",
    "x (units)": "x（单位）",
    "y (units)": "y（单位）",
    "density (1/unit)": "密度（1/单位）",
    "supports disjoint": "支撑集不相交",
    "Divergences and W1 as Q moves": "Q 移动时的各散度与 W1",
    "offset θ (units)": "偏移 θ（单位）",
    "nats (JS, KL) · units (W1)": "奈特（JS、KL）· 单位（W1）",

    # ---- pages/home.py -----------------------------------------------------------------------
    "Why does the Wasserstein GAN train where the original GAN gets stuck? Because the "
    "Jensen–Shannon divergence stops changing once two distributions stop overlapping, while the "
    "Earth Mover (Wasserstein-1) distance keeps measuring how far apart they are. Slide Q away "
    "from P below and watch both numbers.":
        "为什么原始 GAN 训练不动的时候，Wasserstein GAN 却能训练？因为一旦两个分布不再重叠，"
        "JS 散度（Jensen–Shannon 散度）就不再变化，而推土机距离（Wasserstein-1 距离）仍然能衡量"
        "两者相距多远。在下面把 Q 从 P 旁边移开，观察这两个数值。",
    "It keeps growing as Q moves further away": "随着 Q 越移越远，它一直增大",
    "It stops at ln 2 ≈ 0.693 nats, however far Q goes": "停在 ln 2 ≈ 0.693 奈特，无论 Q 移多远",
    "It jumps to ∞": "跳到 ∞",
    "It falls back to 0": "回落到 0",
    "Where will JS be once the supports stop overlapping (θ ≥ 1)?":
        "当支撑集不再重叠（θ ≥ 1）时，JS 散度会是多少？",
    "Where P has mass Q has none, and the other way round, so the mixture M = (P + Q)/2 is "
    "exactly half of each: both KL terms of JS equal ln 2, and JS = ½·ln 2 + ½·ln 2 = ln 2 for "
    "every θ ≥ 1. Move the slider past θ = 1 to see it; W1 = θ keeps growing.":
        "P 有质量的地方 Q 没有，反之亦然，所以混合分布 M = (P + Q)/2 恰好是各自的一半："
        "JS 散度中的两个 KL 散度项都等于 ln 2，于是对每个 θ ≥ 1 都有 JS = ½·ln 2 + ½·ln 2 = ln 2。"
        "把滑块拖过 θ = 1 就能看到；而 W1 = θ 一直在增长。",
    "Try it: move Q away from P": "动手试试：把 Q 从 P 旁边移开",
    "Offset θ of Q (units)": "Q 的偏移 θ（单位）",
    "P = Uniform[0, 1]; Q = Uniform[θ, θ + 1].": "P = 均匀分布 Uniform[0, 1]；Q = 均匀分布 Uniform[θ, θ + 1]。",
    "JS divergence": "JS 散度",
    "nats": "奈特",
    "exact, on a 2000-cell grid": "精确值，在 2000 个格子的网格上计算",
    "the ceiling of JS": "JS 散度的上限",
    "W1 (Earth Mover)": "W1（推土机距离）",
    "units": "单位",
    "exact, area between the CDFs": "精确值，两个累积分布函数之间的面积",
    "P = U[0, 1] and Q = U[θ, θ + 1]": "P = U[0, 1] 与 Q = U[θ, θ + 1]",
    "JS freezes at ln 2, W1 keeps growing": "JS 散度冻结在 ln 2，W1 继续增长",
    "For θ ≥ 1 the supports no longer overlap: JS stays at ln 2 ≈ 0.6931 nats whatever θ is, so "
    "it gives the generator no direction, while W1 = θ keeps telling how far Q has to move.":
        "当 θ ≥ 1 时支撑集不再重叠：无论 θ 是多少，JS 散度都停在 ln 2 ≈ 0.6931 奈特，"
        "因此它无法给生成器指明方向（梯度消失）；而 W1 = θ 一直告诉我们 Q 还要移动多远。",
    "Download these numbers (CSV)": "下载这些数值（CSV）",
    "The argument in five steps": "五步论证",
}


def _merge_parts() -> None:
    """Merge the parts (one per area of the app, so that several people can translate at once
    without editing the same file) into STRINGS. A new part is added to this import line."""
    from app.locales import (zh_classes, zh_critic_gradient, zh_earth, zh_engine, zh_lecture,
                             zh_pages_1_2, zh_predict, zh_training)

    for part in (zh_pages_1_2, zh_earth, zh_critic_gradient, zh_training, zh_predict, zh_lecture,
                 zh_classes, zh_engine):
        STRINGS.update({k: v for k, v in part.STRINGS.items() if v})


_merge_parts()
