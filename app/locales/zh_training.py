"""简体中文, part: page 6 (GAN vs WGAN, live) and its figures
(pages/live_training.py, app/figures_training.py). Merged into STRINGS by app/locales/zh.py;
terms as in its docstring, plus: mode 模式, ground truth 基准真值, redraw 刷新, seed 随机种子,
data units 数据单位, critic units 评论家单位."""

STRINGS: dict[str, str] = {
    # app/figures_training.py:43
    'GAN (minimax, log(1 − D))':
        'GAN（极小极大，log(1 − D)）',
    # app/figures_training.py:44
    'GAN (non-saturating, −log D)':
        'GAN（非饱和，−log D）',
    # app/figures_training.py:45
    'WGAN (weight clipping)':
        'WGAN（权重裁剪）',
    # app/figures_training.py:46
    'WGAN-GP (gradient penalty)':
        'WGAN-GP（梯度惩罚）',
    # app/figures_training.py:103
    'critic units':
        '评论家单位',
    # app/figures_training.py:114
    'f(x) (critic units)':
        'f(x)（评论家单位）',
    # app/figures_training.py:114
    'σ(D(x)) = P(real)':
        'σ(D(x)) = P(真实)',
    # app/figures_training.py:124
    'real data':
        '真实数据',
    # app/figures_training.py:129
    'generated':
        '生成样本',
    # app/figures_training.py:135
    'x₁ (data units)':
        'x₁（数据单位）',
    # app/figures_training.py:135
    'x₂ (data units)':
        'x₂（数据单位）',
    # app/figures_training.py:155
    "generator's push −∇ℓ_G":
        '生成器的推力 −∇ℓ_G',
    # app/figures_training.py:169
    'critic loss E f(fake) − E f(real)':
        '评论家损失 E f(fake) − E f(real)',
    # app/figures_training.py:170
    'discriminator loss (cross-entropy)':
        '判别器损失（交叉熵）',
    # app/figures_training.py:173
    'generator loss':
        '生成器损失',
    # app/figures_training.py:175, app/figures_training.py:194, app/figures_training.py:229, app/figures_training.py:237
    'generator iteration':
        '生成器迭代次数',
    # app/figures_training.py:176
    'loss ({unit})':
        '损失（{unit}）',
    # app/figures_training.py:189
    '−(critic loss)':
        '−(评论家损失)',
    # app/figures_training.py:189
    '−(discriminator loss)':
        '−(判别器损失)',
    # app/figures_training.py:191
    'exact W1 (right axis)':
        '精确 W1（右轴）',
    # app/figures_training.py:195
    '−loss ({unit})':
        '−损失（{unit}）',
    # app/figures_training.py:226
    'two real samples: {w:.3f}':
        '两组真实样本之间：{w:.3f}',
    # app/figures_training.py:228
    'Ground truth: exact W1 from the generated to the real points':
        '基准真值：生成点与真实点之间的精确 W1',
    # app/figures_training.py:196, app/figures_training.py:229
    'W1 (data units)':
        'W1（数据单位）',
    # app/figures_training.py:236
    'Modes covered (a generated point within 3σ of a mode)':
        '覆盖的模式数（模式 3σ 范围内至少有一个生成点）',
    # app/figures_training.py:237
    'modes covered (of {k})':
        '覆盖的模式数（共 {k} 个）',
    # pages/live_training.py:48
    'CPU':
        'CPU（中央处理器）',
    # pages/live_training.py:48
    'auto (GPU if there is one)':
        '自动（有 GPU 就用 GPU）',
    # pages/live_training.py:49
    'CUDA GPU':
        'CUDA 显卡（GPU）',
    # pages/live_training.py:53
    'Left panel':
        '左侧面板',
    # pages/live_training.py:53
    'Right panel':
        '右侧面板',
    # pages/live_training.py:63
    'The finale: a GAN and a WGAN learn the same 2-D data from the same seed, side by side. Watch where each generator puts its points, what its discriminator or critic sees, and whether its loss tells you how good the samples are. The ground truth is the exact Earth Mover distance W1 between the generated points and the real ones.':
        '压轴实验：GAN 和 WGAN 从同一个随机种子出发，并排学习同一份二维数据。观察每个生成器把点放在哪里、它的判别器或评论家“看到”了什么，以及它的损失能否告诉你样本有多好。基准真值是生成点与真实点之间精确的推土机距离 W1。',
    # pages/live_training.py:69
    "WGAN changes four things in the GAN (Arjovsky, Chintala & Bottou, 2017):\n\n1. **No sigmoid** at the end of the discriminator: it becomes a *critic* f that outputs any real number, an estimate of the Kantorovich–Rubinstein dual, not a probability.\n2. **No log** in the losses: the critic maximises E f(real) − E f(fake); the generator minimises −E f(fake).\n3. **Weights clipped** into [−c, c] after every critic step (biases too), so that f stays K-Lipschitz for some K: then −(critic loss) ≈ K·W1.\n4. **No momentum**: RMSProp instead of Adam.\n\nThe minimax GAN's generator loss log(1 − D) saturates when D is confident, and the −log D trick trades that for a loss that punishes fake-looking points far more than missing modes. The WGAN critic's loss is an estimate of a distance, so it should fall as the samples get better: check it against the exact W1 below.":
        'WGAN 对 GAN 做了四处改动（Arjovsky、Chintala 和 Bottou，2017）：\n\n1. 判别器末端**去掉 sigmoid**：它变成一个*评论家* f，输出任意实数，是 Kantorovich–Rubinstein 对偶的估计值，而不是概率。\n2. 损失中**去掉 log**：评论家最大化 E f(real) − E f(fake)；生成器最小化 −E f(fake)。\n3. 每一步评论家更新后都做**权重裁剪**，把权重（偏置也一样）限制在 [−c, c] 内，使 f 对某个常数 K 保持 K-Lipschitz：于是 −(评论家损失) ≈ K·W1。\n4. **不用动量**：用 RMSProp 代替 Adam。\n\n极小极大 GAN 的生成器损失 log(1 − D) 在 D 很有把握时会饱和（梯度消失）；−log D 技巧避开了饱和，代价是这个损失对“看起来像假的”点的惩罚远远重于对漏掉模式的惩罚。WGAN 评论家的损失是对一个距离的估计，所以样本越好，它就应该越低：请拿它和下面的精确 W1 对照。',
    # pages/live_training.py:93
    '**Both panels** use the same data, seed and networks:':
        '**两个面板**使用相同的数据、随机种子和网络：',
    # pages/live_training.py:96
    'Data set':
        '数据集',
    # pages/live_training.py:100
    'Same seed, same start: both panels draw the same random numbers for their initial networks and noise.':
        '同一个种子，同一个起点：两个面板为初始网络和噪声抽取完全相同的随机数。',
    # pages/live_training.py:103
    'Device':
        '计算设备',
    # pages/live_training.py:105
    'Networks, batch and redraw rate':
        '网络、批量与刷新频率',
    # pages/live_training.py:108
    'Width (units per hidden layer)':
        '宽度（每个隐藏层的神经元数）',
    # pages/live_training.py:111
    'Depth (hidden layers)':
        '深度（隐藏层数）',
    # pages/live_training.py:113
    'Batch size (points per step)':
        '批量大小（每步的点数）',
    # pages/live_training.py:117
    'Redraw every (s)':
        '刷新间隔（秒）',
    # pages/live_training.py:119
    'How often the charts update while training. Training goes on at the same speed; a slow computer or projector keeps up better with 1 or 2 s.':
        '训练时图表多久更新一次。训练速度不受影响；电脑或投影仪较慢时，选 1 或 2 秒更跟得上。',
    # pages/live_training.py:133
    '{side}: loss':
        '{side}：损失函数',
    # pages/live_training.py:139
    'Learning rate of D / critic':
        'D / 评论家的学习率',
    # pages/live_training.py:143
    'Learning rate of G':
        'G 的学习率',
    # pages/live_training.py:148
    'D / critic steps per G step (n_critic)':
        '每步 G 对应的 D / 评论家步数（n_critic）',
    # pages/live_training.py:152
    'Clip value c':
        '裁剪阈值 c',
    # pages/live_training.py:155
    'Penalty weight λ':
        '惩罚权重 λ',
    # pages/live_training.py:158
    'Optimiser: Adam (β₁ = 0.5). No clipping: D ends in a sigmoid.':
        '优化器：Adam（β₁ = 0.5）。不做权重裁剪：D 的末端是 sigmoid。',
    # pages/live_training.py:160
    'Optimiser: RMSProp (no momentum).':
        '优化器：RMSProp（无动量）。',
    # pages/live_training.py:162
    'Optimiser: Adam (β₁ = 0, β₂ = 0.9).':
        '优化器：Adam（β₁ = 0，β₂ = 0.9）。',
    # pages/live_training.py:190
    'The settings changed, so the run started over.':
        '设置已更改，训练已从头开始。',
    # pages/live_training.py:218
    'Pause':
        '暂停',
    # pages/live_training.py:220
    'Step (+{n} iterations)':
        '单步（+{n} 次迭代）',
    # pages/live_training.py:222
    'Reset':
        '重置',
    # pages/live_training.py:231
    'Device: {device} ({why}).':
        '设备：{device}（{why}）。',
    # pages/live_training.py:233
    'Busy: {n} of {cap} training runs are going on this server. Yours is queued ({ahead} ahead of it) and starts as soon as one ends.':
        '服务器繁忙：本服务器最多同时训练 {cap} 个任务，现在有 {n} 个在运行。你的任务正在排队（前面还有 {ahead} 个），一有任务结束就会开始。',
    # pages/live_training.py:238
    'Training: iteration {it}, {rate:.0f} iterations/s. {where}':
        '训练中：第 {it} 次迭代，每秒 {rate:.0f} 次迭代。{where}',
    # pages/live_training.py:242
    'The run failed: {why}':
        '训练失败：{why}',
    # pages/live_training.py:245
    'It stopped because this page stopped asking for updates (a closed tab, another page, or a browser too busy to redraw: try a slower redraw rate); press Start to go on.':
        '训练已停止，因为本页面不再请求更新（标签页已关闭、切换到了其他页面，或浏览器忙得来不及刷新：可以试试更长的刷新间隔）；按“开始”继续。',
    # pages/live_training.py:248
    'It stopped after the longest run allowed ({m:.0f} min); press Start to go on.':
        '训练已达到允许的最长时间（{m:.0f} 分钟），因此停止；按“开始”继续。',
    # pages/live_training.py:251
    'Ready: press Start (or Step).':
        '准备就绪：请按“开始”（或“单步”）。',
    # pages/live_training.py:252
    'Paused at iteration {it}.':
        '已在第 {it} 次迭代处暂停。',
    # pages/live_training.py:253
    'Stopped at iteration {it}.':
        '已在第 {it} 次迭代处停止。',
    # pages/live_training.py:258
    '{side}: {message}':
        '{side}：{message}',
    # pages/live_training.py:268
    'Samples over {what}':
        '样本点（底色：{what}）',
    # pages/live_training.py:268
    'the critic f(x)':
        '评论家 f(x)',
    # pages/live_training.py:269
    'the discriminator σ(D(x))':
        '判别器 σ(D(x))',
    # pages/live_training.py:274
    'Exact W1':
        '精确 W1',
    # pages/live_training.py:275
    'Earth Mover distance, exact (POT), between G(z) for 500 fixed z and 500 fixed real points; two real samples are {f:.3f} apart':
        '精确的推土机距离（用 POT 计算），在 500 个固定 z 对应的 G(z) 与 500 个固定的真实点之间；两组真实样本之间的距离为 {f:.3f}',
    # pages/live_training.py:277
    'Modes covered':
        '覆盖的模式数',
    # pages/live_training.py:277
    'of {k}':
        '/ {k}',
    # pages/live_training.py:278
    'modes with at least one generated point within 3σ (3σ rule)':
        '3σ 范围内至少有一个生成点的模式数（3σ 规则）',
    # pages/live_training.py:279
    'this data set has no modes':
        '这个数据集没有模式',
    # pages/live_training.py:280
    'High quality':
        '高质量比例',
    # pages/live_training.py:281
    'share of generated points within 3σ of a mode':
        '落在某个模式 3σ 范围内的生成点所占的比例',
    # pages/live_training.py:282
    'Loss ↔ W1 (r)':
        '损失 ↔ W1（r）',
    # pages/live_training.py:283
    "Pearson correlation between −(D/critic loss) and the exact W1 over the run's evaluations; near 1 means the loss tracks the sample quality":
        '本次训练各次评估中 −(D/评论家损失) 与精确 W1 的皮尔逊相关系数；接近 1 说明损失能反映样本质量',
    # pages/live_training.py:288
    'Losses':
        '损失曲线',
    # pages/live_training.py:289
    'Does −(loss) follow the exact W1? r = {r}':
        '−(损失) 是否跟随精确 W1 变化？r = {r}',
    # pages/live_training.py:298, pages/live_training.py:318
    '{side}: {loss}':
        '{side}：{loss}',
    # pages/live_training.py:300
    "Download the run's metrics (CSV)":
        '下载本次训练的指标（CSV）',
    # pages/live_training.py:320
    'Both runs against the ground truth':
        '两次训练与基准真值的对比',
    # pages/live_training.py:329
    'Modes covered is defined for the Gaussian mixtures only (8 and 25 Gaussians).':
        '“覆盖的模式数”只对高斯混合数据集（8 个和 25 个高斯分布）有定义。',
    # pages/live_training.py:337
    "Compare the “Loss ↔ W1 (r)” numbers: the WGAN's −(critic loss) falls together with the exact W1, so its training curve tells you how far the samples are from the data, while the GAN's discriminator loss does not follow W1. On this easy toy data the GAN may well find the modes too: what it cannot give you is a loss you can read. Watch the arrows as well: the critic pushes generated points towards the data even far from it, where the minimax GAN's push can fade away.":
        '对比两边的“损失 ↔ W1（r）”：WGAN 的 −(评论家损失) 与精确 W1 一起下降，所以它的训练曲线能告诉你样本离数据还有多远；而 GAN 的判别器损失并不跟随 W1。在这种简单的玩具数据上，GAN 也可能找到所有模式：它给不了你的，是一条读得懂的损失曲线。也请留意箭头：即使离数据很远，评论家也会把生成点推向数据，而极小极大 GAN 的推力在那里可能会消失。',
    # ---- own data as the real data, predict-then-reveal, device reasons (divergences/training.py)
    'Measured in this run so far (r between −(loss) and the exact W1, near 1 when the loss tracks it): {parts}. Keep it running and watch the numbers under the panels.':
        '本次训练到目前为止的实测值（r 是 −(损失) 与精确 W1 的相关系数，损失能反映 W1 时接近 1）：{parts}。让训练继续运行，留意各面板下方的数字。',
    'Press Start and watch the “Loss ↔ W1 (r)” numbers under the panels: after a few evaluations of the exact W1 (one every 2 s or so) they show it.':
        '按“开始”，然后留意各面板下方的“损失 ↔ W1（r）”：精确 W1 评估几次之后（大约每 2 秒一次），答案就会显现。',
    'As training goes on, which loss curve will track the quality of the samples (the exact W1 between the generated and the real points)?':
        '随着训练进行，哪条损失曲线会反映样本的质量（即生成点与真实点之间的精确 W1）？',
    '{side}, {loss}: r = {r}':
        '{side}，{loss}：r = {r}',
    'the real data':
        '真实数据',
    "Both panels learn your {n} points: every real batch is drawn from them with replacement. The networks see them centred on ({cx}, {cy}) and divided by {s}, so that they have the built-in data sets' spread; the charts, W1 and its floor are in your units.":
        '两个面板都学习你的 {n} 个点：每个真实批次都从这些点中有放回地抽取。网络看到的是平移到以 ({cx}, {cy}) 为中心、再除以 {s} 之后的点，使它们与内置数据集的分散程度相同；图表、W1 及其下限都使用你的单位。',
    "Your own points are the real data now: choose “The page's data” under “Use your own data” to train on a data set.":
        '现在真实数据是你自己的点：若要在数据集上训练，请在“使用你自己的数据”中选择“本页自带的数据”。',
    "−(critic loss) is the WGAN critic's estimate of K·W1 between the real and the generated points, so it falls as the samples get closer to the data. The GAN's discriminator loss only says how well D tells real from fake right now; D and G keep catching up with each other, so it stays in a narrow band just under 2 ln 2 ≈ 1.39 nats (its value when D cannot tell real from fake at all) whether the samples are good or bad.":
        '−(评论家损失) 是 WGAN 评论家对真实点与生成点之间 K·W1 的估计，所以样本越接近数据，它就越小。GAN 的判别器损失只说明 D 此刻区分真假的能力；D 和 G 不断互相追赶，所以无论样本好坏，它都停留在略低于 2 ln 2 ≈ 1.39 奈特（D 完全分不清真假时的值）的一个窄带内。',
    'not defined for your own points: they have no known mode centres':
        '对你自己的点没有定义：它们没有已知的模式中心',
    'Modes covered is not defined for your own points: they have no known mode centres. The exact W1 on the left is the measure of quality.':
        '“覆盖的模式数”对你自己的点没有定义：它们没有已知的模式中心。左边的精确 W1 就是衡量质量的指标。',
    'Your points cannot be the real data yet: {why} Until then both panels learn the data set chosen above.':
        '你的点暂时还不能作为真实数据：{why} 在此之前，两个面板都学习上面选定的数据集。',
    "The GAN's discriminator loss":
        'GAN 的判别器损失',
    "The WGAN's critic loss":
        'WGAN 的评论家损失',
    'Both':
        '两者都会',
    'Neither':
        '两者都不会',
    'CUDA was requested but no CUDA GPU is available to PyTorch: running on the CPU':
        '选择了 CUDA，但 PyTorch 找不到可用的 CUDA GPU：改在 CPU 上运行',
    'auto: no CUDA GPU is available':
        '自动：没有可用的 CUDA GPU',
    'moved here after CUDA ran out of memory':
        'CUDA 显存不足后转到这里',
    'The real data must be 2-D points (x, y): two columns.':
        '真实数据必须是二维点 (x, y)：两列。',
    'Only {n} points: a run needs at least {m} as its real data.':
        '只有 {n} 个点：训练至少需要 {m} 个点作为真实数据。',
    '{n} points: a run takes at most {m}.':
        '{n} 个点：一次训练最多使用 {m} 个点。',
    'The points must be finite numbers (no NaN or ∞).':
        '点的坐标必须是有限的数（不能有 NaN 或 ∞）。',
    'All {n} points are at the same place: there is no spread to learn.':
        '全部 {n} 个点都在同一个位置：没有任何分布可学。',
    'as requested':
        '按你的选择',
    'CUDA was requested, but no CUDA GPU is available':
        '选择了 CUDA，但没有可用的 CUDA GPU',
    'auto: a CUDA GPU is available ({name})':
        '自动：有可用的 CUDA GPU（{name}）',
    'The points must be numbers.':
        '点的坐标必须是数字。',
    '{name}, as requested':
        '{name}，按你的选择',
    'CUDA ran out of memory ({detail}): the run moved to the CPU and goes on there':
        'CUDA 显存不足（{detail}）：训练已转到 CPU 上继续进行',
    'Your prediction: {guess}.':
        '你的预测：{guess}。',
    # ---- page 6 scenarios and recordings (issue 13)
    "**Claim:** {claim} **Measured over {n} seeds** ({it} iterations each): {left} in **{a} of {n}**; {right} in **{b} of {n}**; both in {both} of {n}.":
        "**论断：**{claim} **在 {n} 个随机种子上测得**（每个 {it} 次迭代）：{left}，成立 **{a}/{n}**；{right}，成立 **{b}/{n}**；两者同时成立 {both}/{n}。",
    "**This claim does not reproduce reliably:** it held in fewer than 8 of {n} seeds, so treat what a single run shows with care.":
        "**这个论断不能可靠复现：**它在 {n} 个随机种子中成立的不到 8 个，所以单次运行显示的结果要谨慎看待。",
    "6 · GAN vs WGAN":
        "6 · GAN 对比 WGAN",
    "Claim: {claim} Not measured yet: {why}":
        "论断：{claim} 尚未测量：{why}",
    "D / critic map":
        "D / 评论家图",
    "D lr {lr:g}":
        "D 学习率 {lr:g}",
    "Earth Mover distance, exact (POT), between G(z) for 500 fixed z and 500 fixed real points. Two independent real samples of 500 points are {f:.3f} apart (sampling noise). A generator can come below that by being under-dispersed, e.g. its points packed more tightly on the mode centres than the data: below the line does not mean better than the data.":
        "推土机距离，精确计算（POT），在 500 个固定 z 的 G(z) 与 500 个固定真实点之间。两组各 500 点的独立真实样本相距 {f:.3f}（采样噪声）。生成器可以靠分散不足而低于这个值，例如它的点比数据更紧地挤在模式中心上：低于这条线并不意味着比数据更好。",
    "Exact W1 to the real data":
        "到真实数据的精确 W1",
    "G lr {lr:g}":
        "G 学习率 {lr:g}",
    "Generator's gradient norm ‖∇θ ℓ_G‖ (log scale)":
        "生成器梯度范数 ‖∇θ ℓ_G‖（对数刻度）",
    "How often the charts update while training. Training goes on at the same speed; a slow computer or projector keeps up better with 2 s.":
        "训练时图表多久刷新一次。训练速度不变；慢的电脑或投影仪用 2 秒更跟得上。",
    "Losses and r of this panel":
        "此面板的损失和 r",
    "Mode collapse":
        "模式坍塌",
    "Modes covered (3σ rule)":
        "覆盖的模式（3σ 规则）",
    "Modes holding ≥ 2 % of the generated points":
        "拥有 ≥ 2 % 生成点的模式",
    "On a wide ring of 8 Gaussians (radius 2, σ = 0.02, as in the unrolled-GAN paper), the −log D GAN crowds its points onto one or two modes and hops between them; the WGAN spreads its points around the whole ring.":
        "在 8 个高斯组成的宽圆环上（半径 2，σ = 0.02，与 unrolled-GAN 论文相同），−log D GAN 把它的点挤到一两个模式上并在模式之间跳来跳去；WGAN 把它的点铺满整个圆环。",
    "On the wide ring, the WGAN's −(critic loss) falls together with the exact W1 (r ≥ 0.7); the minimax GAN's −(discriminator loss) does not (r < 0.5), even in runs where its samples get good.":
        "在宽圆环上，WGAN 的 −(评论家损失) 与精确 W1 一起下降（r ≥ 0.7）；极小极大 GAN 的 −(判别器损失) 不会（r < 0.5），即使在它的样本变好的运行中也是如此。",
    "One live run is one seed: compare it with the claim's measured frequency above. With the default settings on 8 Gaussians the GAN can find all the modes as fast as the WGAN, or faster (seed 0 does); what the scenarios measure is where the two differ. Watch the arrows: the generator's push. Where the minimax GAN's discriminator wins, the push fades away; the critic's does not.":
        "一次实时运行只是一个随机种子：把它与上面论断的实测频率比较。在 8 个高斯上用默认设置时，GAN 找到全部模式的速度可以和 WGAN 一样快，甚至更快（种子 0 就是如此）；场景测量的是两者不同的地方。留意箭头：生成器受到的推力。在极小极大 GAN 的判别器占上风的地方，推力会消失；评论家的推力不会。",
    "Pearson correlation between −(D/critic loss) and the exact W1 over the run's {n} evaluations (shown from {m} on: with fewer, a large r happens by chance); near 1 means the loss tracks the sample quality":
        "−(D/评论家损失) 与精确 W1 在本次运行 {n} 次评估上的皮尔逊相关系数（从 {m} 次起才显示：更少时，大的 r 可能只是偶然）；接近 1 表示损失跟随样本质量",
    "Pearson r over the run's {n} evaluations":
        "本次运行 {n} 次评估上的皮尔逊 r",
    "Play":
        "播放",
    "Press Start and watch the “Loss ↔ W1 (r)” numbers under the panels: after {n} evaluations of the exact W1 (one every 2 s or so) they show it.":
        "按“开始”，并留意面板下方的“损失 ↔ W1 (r)”数值：精确 W1 评估 {n} 次后（大约每 2 秒一次）就会显示。",
    "Press ▶ Play under the chart, or drag the timeline to any iteration. Shading: the discriminator's σ(D(x)) (GAN) or the critic's f(x) rescaled to its range (WGAN), darker = “more real”.":
        "按图下方的 ▶ 播放，或把时间轴拖到任意迭代。底色：判别器的 σ(D(x))（GAN）或按其范围重新缩放的评论家 f(x)（WGAN），越深 = 越“真实”。",
    "Recorded runs (instant)":
        "录制的运行（立即可看）",
    "Recorded seed":
        "录制的随机种子",
    "Redraw rate":
        "刷新频率",
    "Scenario":
        "场景",
    "Screened over 2-3 seeds, batch 64: the minimax GAN's r was 0.23, −0.18, −0.56 (its samples reached all 8 modes in 2 of them), the WGAN's 0.84 and 0.83.":
        "在 2-3 个随机种子上筛选，批量 64：极小极大 GAN 的 r 为 0.23、−0.18、−0.56（其中 2 次它的样本到达了全部 8 个模式），WGAN 的 r 为 0.84 和 0.83。",
    "Screened over 3-6 seeds, 1000-1500 iterations, batch 64: the −log D GAN with Adam lr 1e-4 (the unrolled-GAN paper's) kept its points near 1-2 modes in 2 of 3 seeds (with lr 2e-4 in about half the seeds; the minimax GAN, batch 256 or n_critic = 5 spread over the ring instead). The WGAN (RMSProp 5e-4, c = 0.1) reached all 8 modes' neighbourhoods in every screened seed, but few of its points lie within 3σ of a centre (3-6 of 8 modes by the 3σ rule).":
        "在 3-6 个随机种子上筛选，1000-1500 次迭代，批量 64：使用 Adam 学习率 1e-4（unrolled-GAN 论文的设置）的 −log D GAN 在 3 个种子中有 2 个把点留在 1-2 个模式附近（学习率 2e-4 时约一半种子如此；极小极大 GAN、批量 256 或 n_critic = 5 时反而铺满圆环）。WGAN（RMSProp 5e-4，c = 0.1）在每个筛选的种子中都到达了全部 8 个模式的邻域，但它的点很少落在中心 3σ 以内（按 3σ 规则为 8 个中的 3-6 个）。",
    "Screened: with 20 D steps (lr 1e-3) the minimax GAN's gradient norm fell from ~0.01-0.07 to 1e-5 within 20 iterations and to 1e-7 by 400 in 2 of 2 seeds, W1 flat at 1.35-1.37; with 10 D steps it escaped in some seeds (and then collapsed onto one mode).":
        "筛选结果：20 步 D（学习率 1e-3）时，极小极大 GAN 的梯度范数在 20 次迭代内从约 0.01-0.07 降到 1e-5，到第 400 次降到 1e-7，2 个种子都是如此，W1 停在 1.35-1.37；10 步 D 时它在一些种子中逃脱了（随后坍塌到一个模式上）。",
    "Show":
        "显示",
    "Strong discriminator, no gradient":
        "判别器太强，没有梯度",
    "The finale: a GAN and a WGAN learn the same 2-D data from the same seed, side by side. Each scenario below shows one claim of the argument, with settings found by experiment and the number of seeds (of 10) in which it held. The ground truth is the exact Earth Mover distance W1 between the generated points and the real ones.":
        "终章：GAN 和 WGAN 从同一个随机种子出发，并排学习同一份二维数据。下面每个场景展示论证中的一个论断，设置由实验找到，并给出它在（10 个中）多少个随机种子里成立。基准真值是生成点与真实点之间的精确推土机距离 W1。",
    "The loss means something":
        "损失是有意义的",
    "The recorded runs cannot be shown: {why}. Live training still works: choose “Train it yourself”.":
        "无法显示录制的运行：{why}。实时训练仍然可用：选择“自己训练”。",
    "The scenario's settings changed after these runs were measured: rebuild them with `python -m divergences.recordings`.":
        "这些运行测量之后场景的设置改变了：用 `python -m divergences.recordings` 重新生成。",
    "The scenario's settings: left {left}; right {right}; {it} iterations. Choose “Your own settings” to change them.":
        "场景的设置：左 {left}；右 {right}；{it} 次迭代。选择“你自己的设置”来修改它们。",
    "Train it yourself":
        "自己训练",
    "W1 {w:.2f}":
        "W1 = {w:.2f}",
    "With 20 discriminator steps per generator step (lr 1e-3), the minimax GAN's generator gradient collapses below 10⁻³ and its W1 stalls, while the WGAN's critic (5 steps) keeps pulling the generator towards the data.":
        "每个生成器步做 20 步判别器训练（学习率 1e-3）时，极小极大 GAN 的生成器梯度跌到 10⁻³ 以下，W1 停滞不前；而 WGAN 的评论家（5 步）一直把生成器拉向数据。",
    "Your own settings":
        "你自己的设置",
    "batch {b}":
        "批量 {b}",
    "clip {c:g}":
        "裁剪 {c:g}",
    "exact W1 (POT), 500 generated vs 500 real points":
        "精确 W1（POT），500 个生成点对 500 个真实点",
    "iteration":
        "迭代",
    "iteration {it}":
        "迭代 {it}",
    "modes":
        "模式",
    "modes covered":
        "覆盖的模式",
    "samples over {what}":
        "样本叠加在{what}上",
    "the GAN's r(−loss, W1) is below 0.5":
        "GAN 的 r(−损失, W1) 低于 0.5",
    "the WGAN ends with ≥ 2 % of its points near every one of the 8 modes":
        "WGAN 结束时 8 个模式中每一个附近都有 ≥ 2 % 的点",
    "the WGAN lowers its W1 by more than 10 % with a gradient norm above 10⁻² throughout":
        "WGAN 把 W1 降低了 10 % 以上，梯度范数始终高于 10⁻²",
    "the WGAN's r(−loss, W1) is at least 0.7":
        "WGAN 的 r(−损失, W1) 至少为 0.7",
    "the minimax GAN's gradient norm stays below 10⁻³ over the second half and its W1 within 10 % of its start":
        "极小极大 GAN 的梯度范数在后半程一直低于 10⁻³，W1 与起点相差不到 10 %",
    "the −log D GAN ends with ≥ 2 % of its points near at most 2 of the 8 modes":
        "−log D GAN 结束时只有至多 2 个模式附近有 ≥ 2 % 的点",
    "{k} D steps per G step":
        "每个 G 步 {k} 个 D 步",
    "{loss}: W1 at the end":
        "{loss}：结束时的 W1",
    "{loss}: r(−loss, W1)":
        "{loss}：r(−损失, W1)",
    "{m:.0f} of {k} modes (3σ)":
        "{k} 个模式中的 {m:.0f} 个（3σ）",
    "{m:.0f} with ≥ 2 %":
        "{m:.0f} 个有 ≥ 2 %",
    "‖∇θ ℓ_G‖":
        "‖∇θ ℓ_G‖（梯度范数）",
    "−(loss), rescaled to best fit W1":
        "−(损失)，线性缩放以最佳拟合 W1",
    "How these settings were chosen":
        "这些设置是怎么选出来的",
    "GAN and WGAN trained side by side in three scenarios, each run over 10 seeds: mode collapse, a discriminator too strong to learn from, and a loss that tracks W1; the page says how often each claim held.":
        "GAN 和 WGAN 在三个场景中并排训练，每个场景跑 10 个随机种子：模式坍塌、强到让生成器学不到东西的判别器、以及跟随 W1 的损失；页面给出每个论断成立的频率。",
    "Resume":
        "继续",
    "seed {s}":
        "种子 {s}",
    "{m:.0f}/{k} modes (3σ)":
        "{m:.0f}/{k} 个模式（3σ）",
    "Modes with ≥ 2 % of the points":
        "拥有 ≥ 2 % 点的模式",
    "Generator's gradient ‖∇θ ℓ_G‖":
        "生成器梯度 ‖∇θ ℓ_G‖",
    "‖∇θ ℓ_G‖ (log)":
        "‖∇θ ℓ_G‖（对数）",
    "−(loss) fitted to W1 (dotted)":
        "−(损失) 拟合到 W1（点线）",
    "Exact W1":
        "精确 W1",
    "{left}: **{a} of {n}** seeds. {right}: **{b} of {n}**.":
        "{left}：**{a}/{n}** 个种子。{right}：**{b}/{n}**。",
    "**Not reliable:** both held in {both} of {n} seeds only.":
        "**不可靠：**两者同时成立的只有 {both}/{n} 个种子。",
    "{side}: W1 at the end":
        "{side}：结束时的 W1",
    "{side}: r(−loss, W1)":
        "{side}：r(−损失, W1)",
}
