"""Task suite: KernelBench-format problem files grouped by suite, plus the loader."""
