"""简体中文, part: pages 1 (JS saturates) and 2 (thin supports in 2D) and their figures
(pages/js_saturates.py, pages/low_dim_supports.py, app/figures_1d.py, app/figures_2d.py).
Merged into STRINGS by app/locales/zh.py; terms as in its docstring."""

STRINGS: dict[str, str] = {
    '**The loss the generator sees.** For a fixed generator, the best discriminator is D*(x) '
    "= p_data(x) / (p_data(x) + p_G(x)). Put it into the GAN's value function and the generator's "
    'loss becomes C(G) = −log 4 + 2·JS(p_data‖p_G): minimising the loss means minimising JS, '
    'that is, pulling P_G toward P_data.\n\n**Why disjoint supports give ln 2.** JS compares each '
    'distribution with their average M = (P + Q)/2. If P and Q never overlap, then at every x '
    'one of them is zero: where Q(x) = 0, the term log(P/M) = log(P / (½P)) = log 2, and where '
    'P(x) = 0 the same happens with Q. So JS = ½·log 2 + ½·log 2 = log 2 ≈ 0.6931 nats, whatever '
    'the distance between them. A generator that is much closer to the data, but still not overlapping '
    'it, gets the same loss as one that is far away: the gradient is 0 and training stalls.\n\n**Why '
    'W1 does not saturate.** In 1D, W1 is the area between the two cumulative distribution functions; '
    'moving Q by θ moves every grain of its mass by θ, so W1 between a distribution and its translate '
    'is exactly |θ|: its slope is ±1 everywhere.\n\n**KL is worse.** KL(P‖Q) is +∞ as soon as P '
    'puts mass where Q has none: no usable number at all.':
        '**生成器看到的损失。** 对固定的生成器，最优判别器是 D*(x) = p_data(x) '
        '/ (p_data(x) + p_G(x))。把它代入 GAN 的价值函数，生成器的损失就变成 '
        'C(G) = −log 4 + 2·JS(p_data‖p_G)：最小化这个损失就是最小化 '
        'JS 散度，也就是把 P_G 拉向 P_data。\n\n**为什么支撑集不相交时得到 ln '
        '2。** JS 散度把每个分布都与两者的平均 M = (P + Q)/2 作比较。如果 '
        'P 和 Q 完全不重叠，那么在每个 x 处两者之中总有一个为零：在 Q(x) = 0 的地方，'
        'log(P/M) = log(P / (½P)) = log 2；在 P(x) = 0 '
        '的地方，Q 的那一项也是如此。所以 JS = ½·log 2 + ½·log 2 = log '
        '2 ≈ 0.6931 奈特，与两者相距多远无关。一个离数据近得多、但仍不与之重叠的生成器，'
        '和一个离得很远的生成器得到的损失完全相同：梯度为 0，训练停滞（梯度消失）。\n\n**为什么 '
        'W1 不会饱和。** 在一维中，W1 是两个累积分布函数之间的面积；把 Q 移动 θ，就是把它的每一粒质量都移动 '
        'θ，所以一个分布与它平移后的分布之间的 W1 恰好是 |θ|：斜率处处为 ±1。\n\n**KL '
        '散度更糟。** 只要 P 在 Q 没有质量的地方有质量，KL(P‖Q) 就是 +∞：根本给不出可用的数值。',
    '**Why thin supports do not overlap.** A line has no area in the plane, a surface no volume '
    'in space; two such sets in general position meet in a set of probability zero, if at all. '
    'On the part of space where both distributions live there is no mass to compare, so JS = '
    "ln 2, KL = ∞ and TV = 1, whatever the distance between them.\n\n**Arjovsky's Example 1.** "
    'Let Z ~ U[0, 1], P₀ the distribution of (0, Z) (a vertical segment) and P_θ that of (θ, '
    'Z), the same segment moved by θ. For every θ ≠ 0 the two segments are disjoint, so the divergences '
    'jump to their maximum as soon as θ leaves 0 and stay there, while W1 = |θ| shrinks smoothly '
    'to 0 as the segments approach: only W1 gives a gradient that pulls P_θ onto P₀.\n\n**Binning '
    'and sampling.** On a computer the distributions are samples. If we bin them into a coarse '
    'grid, nearby points land in the same cell and the binned JS comes out smaller than ln 2: '
    'the grid, not the data, creates the overlap. With finer bins, even two independent samples '
    'of the *same* distribution stop sharing cells: sampling makes overlap rarer still.':
        '**为什么很薄的支撑集不会重叠。** 直线在平面中没有面积，曲面在空间中没有体积；两个处于一般位置的这类集合即使相交，'
        '交集的概率也为零。在两个分布共同占据的那部分空间上根本没有质量可供比较，所以无论两者相距多远，'
        '都有 JS = ln 2、KL = ∞、TV = 1。\n\n**Arjovsky 的例 1。'
        '** 设 Z ~ U[0, 1]，P₀ 是 (0, Z) 的分布（一条竖直线段），P_θ '
        '是 (θ, Z) 的分布，即同一条线段平移了 θ。对每个 θ ≠ 0，两条线段都互不相交，'
        '所以 θ 一离开 0，各散度就跳到最大值并一直停在那里；而当两条线段靠近时，W1 = |θ| '
        '平滑地缩小到 0：只有 W1 能给出把 P_θ 拉向 P₀ 的梯度。\n\n**分箱与采样。'
        '** 在计算机上，分布以样本的形式出现。如果把样本分箱到粗网格里，相近的点会落进同一个格子，'
        '分箱后算出的 JS 散度就会小于 ln 2：制造重叠的是网格，而不是数据。格子越细，连*同一个*分布的两个独立样本也不再共享格子：'
        '采样让重叠更加罕见。',
    'A gradient step on the generator moves θ in proportion to the slope of its loss. A slope '
    'of 0 means no step at all, however far Q still is from P.':
        '对生成器做一步梯度下降时，θ 的移动量与损失的斜率成正比。斜率为 0 就意味着一步也不动，'
        '无论 Q 离 P 还有多远。',
    'At θ = 0 with no rotation Q is P itself: every divergence is 0. Move θ by a single step '
    'and watch the exact JS jump to ln 2 while W1 grows from 0.':
        'θ = 0 且不旋转时，Q 就是 P 本身：所有散度都为 0。把 θ 移动一格，看精确的 '
        'JS 散度跳到 ln 2，而 W1 从 0 开始增长。',
    'Bin the points into a much finer grid: the binned JS gets closer to the exact one.':
        '把点分箱到细得多的网格里：分箱 JS 会更接近精确值。',
    'Bins shared':
        '共享的格子',
    'C(G) = −log 4 + 2·JS: at most 0, reached exactly when JS = ln 2':
        'C(G) = −log 4 + 2·JS：最大为 0，恰好在 JS = ln 2 时取到',
    "Capped at {m}: the exact solver's time grows roughly like n³ (about 7 ms at 300 points, "
    '50 ms at 500).':
        '上限为 {m}：精确求解器的耗时大约按 n³ 增长（300 个点约 7 毫秒，500 个点约 '
        '50 毫秒）。',
    'Choose P and Q yourself (families and widths)':
        '自己选择 P 和 Q（分布族与宽度）',
    'Circle':
        '圆',
    'Custom (set below)':
        '自定义（在下方设置）',
    'Distance between the two modes of a mixture (units)':
        '混合分布两个模式之间的距离（单位）',
    'Download the curves over θ (CSV)':
        '下载随 θ 变化的曲线（CSV）',
    'Exact JS = {js:.4f} nats: the two point sets share {k} points, so JS sits at or near its '
    'ceiling ln 2 whatever the distance, while W1 = {w1:.4f} units still measures how far Q must '
    'move.':
        '精确 JS = {js:.4f} 奈特：两个点集有 {k} 个公共点，所以无论相距多远，'
        'JS 散度都停在或接近其上限 ln 2；而 W1 = {w1:.4f} 单位仍然衡量着 '
        'Q 还要移动多远。',
    'Family of P':
        'P 的分布族',
    'Family of Q':
        'Q 的分布族',
    'Finer grid ({b}×{b} bins instead of {c}×{c})':
        '更细的网格（{b}×{b} 个格子，而不是 {c}×{c}）',
    'GAN loss C(G) with the optimal D':
        '最优判别器下的 GAN 损失 C(G)',
    'Gaussian':
        '高斯分布',
    'Gaussian blob':
        '高斯点团',
    'Gaussian tails never end, so here P and Q always share a little mass: nothing is shaded '
    'and JS never quite reaches ln 2. But slide Q a few widths away and JS flattens out just '
    'below ln 2 ≈ {ln2:.4f} nats, its slope fading toward 0, while W1 keeps a slope of ±1 all '
    'the way.':
        '高斯分布的尾部无限延伸，所以这里 P 和 Q 总会共享一点质量：没有阴影区域，JS 散度也永远达不到 '
        'ln 2。但把 Q 移开几个宽度，JS 散度就会在略低于 ln 2 ≈ {ln2:.4f} '
        '奈特处变平，斜率逐渐趋于 0；而 W1 的斜率始终保持 ±1。',
    'Gaussians':
        '两个高斯分布',
    'Here the binned JS is only {js:.4f} nats: both lines fall into the same column of bins, '
    'so binning hides the gap. Turn on the finer grid and the binned JS reaches ln 2 at much '
    'smaller θ.':
        '这里分箱 JS 只有 {js:.4f} 奈特：两条线落进了同一列格子，分箱掩盖了它们之间的间隙。'
        '打开更细的网格，分箱 JS 会在小得多的 θ 处就达到 ln 2。',
    'Horizontal offset θ of Q (units)':
        'Q 的水平偏移 θ（单位）',
    'JS and TV binned on {grid}. The exact JS treats every point as an atom.':
        'JS 和 TV 的分箱网格：{grid}。精确 JS 把每个点都当作一个原子（点质量）。',
    'JS binned':
        '分箱 JS',
    'JS binned (nats)':
        '分箱 JS（奈特）',
    'JS binned at {b}×{b}':
        '{b}×{b} 分箱的 JS',
    'JS binned, {g}':
        '分箱 JS，{g}',
    'JS of the point sets, exact':
        '点集的 JS，精确值',
    'JS, KL, TV and W1 as Q slides along θ':
        'Q 沿 θ 滑动时的 JS、KL、TV 与 W1',
    'KL(P‖Q)':
        'KL 散度 KL(P‖Q)',
    'KL(Q‖P)':
        'KL 散度 KL(Q‖P)',
    'Mode collapse in numbers: put Q on one mode of P (θ = ±{c:g}). KL(Q‖P) is then small (ln '
    "2 when the widths match: Q just misses half of P), while KL(P‖Q) is huge (P's other mode "
    'sits where Q has almost nothing). The two KLs punish missing a mode and making bad samples '
    'very differently.':
        '用数字看模式崩溃：把 Q 放在 P 的一个模式上（θ = ±{c:g}）。这时 KL(Q‖P) '
        '很小（宽度相同时为 ln 2：Q 只是漏掉了 P 的一半），而 KL(P‖Q) 非常大（P '
        '的另一个模式落在 Q 几乎没有质量的地方）。对“漏掉一个模式”和“生成糟糕的样本”，两个 '
        'KL 散度的惩罚截然不同。',
    'More settings: points, seed, sampling':
        '更多设置：点数、随机种子、采样',
    "Off: Q is P's own points, moved (Example 1: the same Z). On: Q is a second, independent "
    'sample.':
        '关闭：Q 就是 P 自己的点平移后的结果（例 1：同一个 Z）。打开：Q 是另一个独立的样本。',
    'Over the offset θ: W1 grows, exact JS is stuck at ln 2':
        '随偏移 θ 变化：W1 增长，精确 JS 停在 ln 2',
    'P (blue), Q (orange) and the optimal matching':
        'P（蓝）、Q（橙）与最优匹配',
    'P = {p}, centred at 0; Q = {q}, centred at θ.':
        'P = {p}，中心在 0；Q = {q}，中心在 θ。',
    'P and Q are disjoint at this θ: JS = ln 2 ≈ {ln2:.4f} nats and dJS/dθ = 0, so the GAN loss '
    'is stuck at its maximum 0 and gives no direction, while W1 = {w1:.4f} units and dW1/dθ = '
    '{s:+.0f}: it still says how far Q is and which way to go.':
        '在这个 θ 处 P 和 Q 的支撑集不相交：JS = ln 2 ≈ {ln2:.4f} '
        '奈特，dJS/dθ = 0，所以 GAN 损失卡在最大值 0，给不出任何方向（梯度消失）'
        '；而 W1 = {w1:.4f} 单位，dW1/dθ = {s:+.0f}：它仍然告诉我们 '
        'Q 有多远、该往哪个方向走。',
    'P and Q at θ = {theta:g}':
        'θ = {theta:g} 时的 P 和 Q',
    'P and Q still overlap here, so JS can still change. Slide θ until the shaded region starts: '
    'from there on JS is a flat line at ln 2 ≈ {ln2:.4f} nats and its slope is 0, while W1 keeps '
    'growing at slope ±1.':
        '这里 P 和 Q 仍有重叠，所以 JS 散度还能变化。拖动 θ 直到进入阴影区域：从那里开始，'
        'JS 散度就是一条停在 ln 2 ≈ {ln2:.4f} 奈特的水平线，斜率为 0；而 '
        'W1 以 ±1 的斜率继续增长。',
    "Parallel lines (Arjovsky's Example 1)":
        '平行线（Arjovsky 的例 1）',
    'Point masses':
        '点质量',
    'Point sets':
        '点集',
    'Points per set (at most {m})':
        '每个点集的点数（最多 {m} 个）',
    'Preset':
        '预设',
    'Q is its own sample':
        'Q 单独采样',
    'Q is moved by θ along the x axis; P stays put.':
        'Q 沿 x 轴移动 θ；P 保持不动。',
    'Q is moved by θ along x (after its rotation).':
        'Q 沿 x 方向移动 θ（在旋转之后）。',
    'Q is turned about its own centre before it is moved.':
        'Q 在移动之前先绕自身中心旋转。',
    'Real data such as images fills only a thin, low-dimensional sliver (a manifold) of the space '
    'it lives in, and so does what a generator produces. Two thin sets almost never overlap, '
    'and that is exactly the case where JS is stuck at ln 2. Here the two sets are curves and '
    'blobs in the plane: move Q sideways and compare the exact Earth Mover distance with JS, '
    'computed exactly and after binning the points into a grid.':
        '像图像这样的真实数据，只占据其所在空间中很薄的一片低维区域（流形），生成器产生的数据也是如此。'
        '两个很薄的集合几乎从不重叠，而这恰好就是 JS 散度卡在 ln 2 的情形。这里的两个集合是平面上的曲线和点团：'
        '把 Q 横向移动，比较精确的推土机距离与 JS 散度；JS 散度既精确计算，也在把点分箱到网格之后计算。',
    'Rotation of Q (degrees)':
        'Q 的旋转角（度）',
    'Sampling makes overlap rarer still':
        '采样让重叠更加罕见',
    'Seed':
        '随机种子',
    'Shaded: the θ where P and Q share no mass at all. Triangles on the top edge mark KL = ∞ '
    '(no finite value exists there); a finite KL larger than the chart leaves it at the top.':
        '阴影：P 和 Q 完全没有共同质量的 θ。顶边上的三角形标出 KL = ∞（那里不存在有限值）'
        '；比图表范围还大的有限 KL 值会从顶部超出图表。',
    'Shared bins at {b}×{b}':
        '{b}×{b} 时共享的格子',
    'Slopes: the signal a gradient step would get':
        '斜率：一步梯度下降能得到的信号',
    'TV binned':
        '分箱 TV',
    'TV binned, {g}':
        '分箱 TV，{g}',
    'TV distance':
        '全变差距离（TV）',
    'TV of the point sets, exact':
        '点集的 TV，精确值',
    'The binned JS agrees here, because the lines sit in different columns of bins. Try |θ| < '
    '{h:.3f}: both lines then fall into one column and the binned JS drops to 0 although the '
    'lines are still apart; the finer grid shrinks that blind zone.':
        '这里分箱 JS 与精确值一致，因为两条线位于不同列的格子里。试试 |θ| < {h:.3f}：'
        '这时两条线会落进同一列，尽管它们仍然分开，分箱 JS 却降到 0；更细的网格能缩小这个盲区。',
    'The slope at θ: what a gradient step would feel':
        'θ 处的斜率：一步梯度下降能感受到什么',
    'The two segments never share a point, so the exact JS of two different lines is ln 2 ≈ {ln2:.4f} '
    'nats for every θ ≠ 0, however small, while W1 = |θ| = {w1:.4f} units.':
        '两条线段没有任何公共点，所以对每个 θ ≠ 0（无论多小），两条不同直线的精确 JS 都是 '
        'ln 2 ≈ {ln2:.4f} 奈特，而 W1 = |θ| = {w1:.4f} 单位。',
    'Two independent samples of the **same** distribution ({what}, {n} points each), binned on '
    'the same box with more and more bins per axis. With coarse bins they look alike; with fine '
    'bins they hardly share a cell, and their binned JS climbs toward ln 2 although nothing separates '
    'the distributions.':
        '这里是**同一个**分布的两个独立样本：{what}，各 {n} 个点。它们在同一个方框上分箱，'
        '每个轴上的格子越来越多。格子粗时两者看起来很像；格子细时它们几乎不共享任何格子，尽管两个分布之间毫无差别，'
        '分箱 JS 仍向 ln 2 攀升。',
    'Two modes vs one (mode collapse)':
        '两个模式对一个（模式崩溃）',
    'Two moons':
        '双月形',
    'Two samples of the same distribution, binned ever finer':
        '同一分布的两个样本，分箱越来越细',
    'Uniforms that come apart':
        '逐渐分开的均匀分布',
    'W1, exact':
        'W1，精确值',
    'W1, exact (POT)':
        'W1，精确值（POT）',
    'Width of P (units)':
        'P 的宽度（单位）',
    'Width of Q (units)':
        'Q 的宽度（单位）',
    'With the best possible discriminator, the original GAN minimises the Jensen–Shannon divergence '
    "between the data P and the generator's distribution Q. Here you slide Q away from P and "
    'watch what each measure of distance says. Once the two supports stop overlapping, JS is '
    'frozen at ln 2: it no longer changes with θ, so its gradient is zero and the generator learns '
    'nothing. The Earth Mover distance W1 keeps growing with the distance, so it always says '
    'which way to move.':
        '当判别器达到最优时，原始 GAN 最小化的是数据分布 P 与生成器分布 Q 之间的 JS '
        '散度（Jensen–Shannon 散度）。在这里，你把 Q 从 P 旁边移开，看看每种距离度量分别怎么说。'
        '一旦两者的支撑集不再重叠，JS 散度就冻结在 ln 2：它不再随 θ 变化，所以梯度为零，'
        '生成器什么也学不到。推土机距离 W1 则随距离不断增长，所以它总能指出该往哪个方向移动。',
    'area between the two CDFs; exact on this grid':
        '两个累积分布函数（CDF）之间的面积；在这个网格上是精确值',
    'bins':
        '格子',
    'bins holding points of both P and Q, out of those holding points of P':
        '在含有 P 的点的格子中，同时含有 P 和 Q 的点的格子数',
    'bins per axis (log scale)':
        '每个轴的格子数（对数刻度）',
    'central difference of the curve over θ ± {d:g}':
        '曲线在 θ ± {d:g} 上的中心差分',
    'dJS/dθ':
        'JS 散度的斜率 dJS/dθ',
    'dW1/dθ':
        'W1 的斜率 dW1/dθ',
    'each point an atom, no binning; {k} points in common':
        '每个点视为一个原子，不分箱；公共点 {k} 个',
    'exact for P and Q discretised on {n} cells of width {h:g} units':
        '把 P 和 Q 离散化到 {n} 个宽度为 {h:g} 单位的格子上精确计算',
    'horizontal offset θ (units)':
        '水平偏移 θ（单位）',
    'mixture of two Gaussians':
        '两个高斯分布的混合',
    'nats (JS) · fraction (TV, shared bins)':
        '奈特（JS）· 比例（TV、共享格子）',
    'nats (JS) · units (W1) · no unit (TV)':
        '奈特（JS）· 单位（W1）· 无单位（TV）',
    'nats/unit':
        '奈特/单位',
    'network simplex (POT) on {n} + {n} points, Euclidean cost':
        '网络单纯形法（POT），{n} + {n} 个点，欧氏距离代价',
    'no unit; ':
        '无单位；',
    'of the bins holding a point of the first sample':
        '在含有第一个样本的点的格子中所占的比例',
    'of {m}':
        '个（共 {m} 个）',
    'optimal matching':
        '最优匹配',
    'point mass':
        '点质量',
    "share of P's occupied bins that the other sample also hits":
        'P 占据的格子中另一个样本也落入的比例',
    'slope (per unit of θ)':
        '斜率（每单位 θ）',
    'uniform':
        '均匀分布',
    'units/unit':
        '单位/单位',
    '{b}×{b} (above)':
        '{b}×{b}（上图）',
    '{b}×{b} bins over [{x0:.2f}, {x1:.2f}] × [{y0:.2f}, {y1:.2f}] (cells {wx:.3f} × {wy:.3f} '
    'units)':
        '[{x0:.2f}, {x1:.2f}] × [{y0:.2f}, {y1:.2f}] '
        '上的 {b}×{b} 个格子（格子大小 {wx:.3f} × {wy:.3f} 单位）',
    '½Σ|P − Q|, a probability (no unit); ':
        '½Σ|P − Q|，是一个概率（无单位）；',
    'σ for a Gaussian or for each mode of a mixture; the full width for a uniform; a point mass '
    'has no width.':
        '高斯分布及混合分布的每个模式取 σ；均匀分布取整个宽度；点质量没有宽度。',
    '∞ when P has mass where Q has none; ':
        '当 P 在 Q 没有质量的地方有质量时为 ∞；',
    '∞ when Q has mass where P has none; ':
        '当 Q 在 P 没有质量的地方有质量时为 ∞；',
    # bring your own data and predict-then-reveal (issue 8)
    'Both are 0: neither changes any more':
        '两者都是 0：都不再变化',
    'Both are ±1: both keep growing steadily':
        '两者都是 ±1：都在稳定增长',
    'Once the supports are disjoint, JS = ln 2 whatever θ is: a flat line, so dJS/dθ = 0 and the generator gets no gradient at all, even if its distribution is much closer to the data than before (as the notes say: being closer without overlapping counts the same as not being close at all, so it cannot train). W1 = |θ| + const keeps growing, so dW1/dθ = ±1: it always points the way back. The slope chart below shows both.':
        '支撑集一旦不相交，无论 θ 取何值都有 JS = ln 2：一条水平线，所以 dJS/dθ = 0，生成器完全得不到梯度（梯度消失）——即使它的分布比之前离数据近得多（正如讲义所说：更接近但不重合，和完全不接近效果相同，于是训练不动）。W1 = |θ| + 常数，仍在增长，所以 dW1/dθ = ±1：它始终指明回去的方向。下面的斜率图把两者都画了出来。',
    "P = the page's point set; Q = your {m} points, turned by the rotation and moved by θ (at θ = 0 with no rotation: exactly as given).":
        'P = 本页的点集；Q = 你的 {m} 个点，先按旋转角转动，再平移 θ（θ = 0 且不旋转时：与你给出的完全一样）。',
    'P = your {n} points; Q = the same points, turned by the rotation and moved by θ.':
        'P = 你的 {n} 个点；Q = 同一批点，先按旋转角转动，再平移 θ。',
    'P = your {n} points; Q = your {m} points, turned by the rotation and moved by θ (at θ = 0 with no rotation: exactly as given).':
        'P = 你的 {n} 个点；Q = 你的 {m} 个点，先按旋转角转动，再平移 θ（θ = 0 且不旋转时：与你给出的完全一样）。',
    'P = your {n} samples; Q = your {m} samples, moved by θ.':
        'P = 你的 {n} 个样本；Q = 你的 {m} 个样本，平移 θ。',
    'P = your {n} samples; Q = {q}, centred at their mean {c:.4g}, moved by θ.':
        'P = 你的 {n} 个样本；Q = {q}，中心放在这些样本的均值 {c:.4g} 处，再平移 θ。',
    'P = {p}, centred at the mean {c:.4g} of your samples; Q = your {m} samples, moved by θ.':
        'P = {p}，中心放在你的样本的均值 {c:.4g} 处；Q = 你的 {m} 个样本，平移 θ。',
    'P and Q share no cell of the grid at this θ: JS = ln 2 ≈ {ln2:.4f} nats and dJS/dθ = 0, so the GAN loss gives no direction, while W1 = {w1:.4f} units and dW1/dθ = {s:+.2f}: it still says how far Q is and which way to go.':
        '在这个 θ 处，P 和 Q 不共享网格中的任何一个格子：JS = ln 2 ≈ {ln2:.4f} 奈特且 dJS/dθ = 0，所以 GAN 的损失给不出任何方向；而 W1 = {w1:.4f} 单位、dW1/dθ = {s:+.2f}：它仍然告诉我们 Q 离得有多远、该往哪边走。',
    "Samples have no density, so they are binned: each sample's weight goes to the cell of width {h:g} units that holds it, and JS, KL and TV compare the two histograms (drawn as bars). θ moves Q by whole cells, and its range reaches the offsets where the histograms no longer share any cell.":
        '样本没有密度，所以要先分箱：每个样本的权重归入包含它的、宽 {h:g} 单位的格子，JS 散度、KL 散度和 TV 比较的是两个直方图（画成柱状）。θ 每次把 Q 移动整数个格子，它的范围一直延伸到两个直方图不再共享任何格子的偏移处。',
    'Slide Q past the point where the supports stop overlapping. From there on, what are the slopes dJS/dθ and dW1/dθ, the signal a gradient step on the generator would get?':
        '把 Q 滑过支撑集不再重叠的那个位置。从那以后，斜率 dJS/dθ 和 dW1/dθ 是多少？——它们就是生成器的一步梯度下降能得到的信号。',
    'You gave {k} points for {who}; the exact solver takes at most {m} per set, so the page uses {m} of them, drawn at random (seed {s}).':
        '你为 {who} 给出了 {k} 个点；精确求解器每组最多处理 {m} 个点，所以本页随机抽取其中 {m} 个（种子 {s}）。',
    'Your points for P, split at random into two halves ({n} points each): two samples of the **same** set, binned on the same box with more and more bins per axis. With coarse bins the halves look alike; with fine bins they hardly share a cell, and their binned JS climbs toward ln 2 although nothing separates them.':
        '你为 P 给出的点被随机分成两半（每半 {n} 个点）：这是**同一个**点集的两个样本，在同一个方框上分箱，每个坐标轴的箱数越来越多。箱子粗时两半看起来一样；箱子细时它们几乎不共享格子，分箱后的 JS 散度向 ln 2 攀升，尽管它们之间并没有任何差别。',
    'area between the two CDFs of the binned data; within one cell width ({h:g} units) of the exact W1 of the samples':
        '分箱后数据的两个累积分布函数之间的面积；与样本的精确 W1 相差不超过一个格子宽度（{h:g} 单位）',
    'dJS/dθ = 0, while dW1/dθ = ±1':
        'dJS/dθ = 0，而 dW1/dθ = ±1',
    'dJS/dθ grows with the distance, dW1/dθ stays ±1':
        'dJS/dθ 随距离增大，dW1/dθ 保持 ±1',
    "exact for the histograms: the samples binned onto {n} cells of width {h:g} units (each sample's weight goes to the cell that holds it)":
        '对直方图是精确的：样本被分到 {n} 个宽 {h:g} 单位的格子里（每个样本的权重归入包含它的格子）',
    'network simplex (POT) on {n} + {m} points, Euclidean cost':
        '网络单纯形法（POT），{n} + {m} 个点，欧氏距离代价',
    'θ runs over ±{tmax:g} units here: about half the size of the box that holds your points, so the shift is visible at their scale.':
        '这里 θ 的范围是 ±{tmax:g} 单位：大约是容纳你的点的方框边长的一半，这样平移在你的数据尺度上看得见。',
}
