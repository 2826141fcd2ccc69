#!/usr/bin/env python3
"""Training throughput of the same ResNet18 (1x2, basic blocks 2,2,2,3, dropout 0.2) in Debian's PyTorch: one AdamW
step on a batch of 64 random images (forward, L2 loss on two outputs, backward, update), all cores, as
TrainingStepBenchmarks times ours. Run it with bench/pytorch-train-step.sh, which installs python3-torch if missing.
Prints one line per size: images/s as the median over the timed steps."""
import os
import statistics
import sys
import time

import torch
from torch import nn


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return torch.relu(y + (x if self.down is None else self.down(x)))


class ResNet18(nn.Module):
    def __init__(self, outputs=2):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(3, 2, 1))
        blocks, cin = [], 64
        for s, (width, count) in enumerate(zip([64, 128, 256, 512], [2, 2, 2, 3])):
            for b in range(count):
                blocks.append(BasicBlock(cin, width, 2 if b == 0 and s > 0 else 1))
                cin = width
        self.blocks = nn.Sequential(*blocks)
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(512, outputs))

    def forward(self, x):
        return self.head(self.blocks(self.stem(x)))


def main():
    torch.manual_seed(1)
    torch.set_num_threads(os.cpu_count())
    sizes = [int(s) for s in sys.argv[1:]] or [64, 112]
    print(f"# torch {torch.__version__}, {torch.get_num_threads()} threads, mkldnn {torch.backends.mkldnn.is_available()}")
    for size in sizes:
        net = ResNet18().train()
        opt = torch.optim.AdamW(net.parameters(), lr=1e-4, weight_decay=0.05)
        x, t = torch.randn(64, 3, size, size), torch.rand(64, 2) * 2 - 1
        times = []
        for i in range(10):
            start = time.perf_counter()
            loss = ((net(x) - t) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            if i >= 2:
                times.append(time.perf_counter() - start)
        print(f"ResNet18 {size} px: {64 / statistics.median(times):.1f} images/s (median of {len(times)} steps of 64)")


if __name__ == "__main__":
    main()
