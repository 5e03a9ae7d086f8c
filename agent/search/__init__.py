"""Search strategies: fsr (Feature Search and Reinforcement, the default) and agent (tool calling)."""
