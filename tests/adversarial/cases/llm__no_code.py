"""Family: LLM-facing — a reply with prose and no code at all (written to the candidate file as is).
Source: every LLM loop (refusals, "here is the plan" replies).
Expected: static stage, static.syntax or static.modelnew; clear feedback, no crash.
"""

EXPECT = {'stage': 'static', 'check': 'static.'}

# Sure! Here's how I would approach optimizing softmax: first fuse the max and sum passes,
# then vectorise the loads. Let me know if you'd like me to write the code.
