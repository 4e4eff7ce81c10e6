"""简体中文, part: the training engine (app/jobs.py: queue and trainer process messages) and page 6's
"these settings, 8 seeds at once" (app/seeds_view.py). Merged into STRINGS by app/locales/zh.py;
terms as in zh_training.py: seed 随机种子, mode 模式, data units 数据单位."""

STRINGS: dict[str, str] = {
    # app/jobs.py
    'Estimated wait: under a minute.':
        '预计等待：不到一分钟。',
    'Estimated wait: at most about {m} min (each run stops after {limit} min at the latest).':
        '预计等待：最多约 {m} 分钟（每次训练最长 {limit} 分钟后自动停止）。',
    'The training process stopped unexpectedly and a new one was started. Your run went back '
    'to its last saved state (iteration {it}) and nothing else was lost.':
        '训练进程意外停止，已启动新的训练进程。你的训练回到了最后保存的状态（第 {it} 次迭代），'
        '其他内容没有丢失。',
    'The training process stopped unexpectedly, several times in a row. Your run is paused at '
    'its last saved state (iteration {it}): press Start to try again.':
        '训练进程接连多次意外停止。你的训练已暂停在最后保存的状态（第 {it} 次迭代）：'
        '按“开始”重试。',
    # app/seeds_view.py
    'These settings, {n} seeds at once':
        '同样的设置，同时训练 {n} 个随机种子',
    "One run can mislead: with one seed a GAN may find every mode, with the next it may "
    "collapse onto a few. Here both panels' settings train with the seeds {a} to {b} together, "
    "as one batch (each panel's {n} runs are one stacked model), and the charts show the median "
    "and the range (lowest to highest) across the seeds.":
        '只看一次训练可能会被误导：换一个随机种子，GAN 可能覆盖全部模式，也可能塌缩到少数几个模式上。'
        '这里两个面板的设置用随机种子 {a} 到 {b} 一起训练，作为一个批次（每个面板的 {n} 次训练'
        '堆叠成一个模型），图中显示各随机种子结果的中位数和范围（最低到最高）。',
    'Train {n} seeds':
        '训练 {n} 个随机种子',
    'Pause the seeds':
        '暂停这些随机种子',
    'Reset the seeds':
        '重置这些随机种子',
    "Press “Train {n} seeds” to start ({runs} runs in all; they take one of the server's "
    "training slots).":
        '按“训练 {n} 个随机种子”开始（共 {runs} 次训练；占用服务器的一个训练名额）。',
    '{name}: range across seeds':
        '{name}：各随机种子的范围',
    '{name}: median':
        '{name}：中位数',
    '{name}, iteration {it}: exact W1 median {med:.3f} (range {lo:.3f}–{hi:.3f} data units)':
        '{name}，第 {it} 次迭代：精确 W1 中位数 {med:.3f}（范围 {lo:.3f}–{hi:.3f} 数据单位）',
    '; modes covered median {med:.0f} of {k} (range {lo:.0f}–{hi:.0f})':
        '；覆盖模式数中位数 {med:.0f}/{k}（范围 {lo:.0f}–{hi:.0f}）',
    'Exact W1 across {n} seeds: median and range':
        '{n} 个随机种子的精确 W1：中位数与范围',
    'Modes covered across {n} seeds: median and range':
        '{n} 个随机种子覆盖的模式数：中位数与范围',
}
