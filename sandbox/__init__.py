"""The evaluation harness: static checks, build, correctness and timing in an isolated worker."""
