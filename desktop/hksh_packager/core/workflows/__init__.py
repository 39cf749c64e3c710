"""What a user does, step by step, for every face: the CLI and the app call these and hold no rule
of their own.

- keys: create, list, find, unlock (with a passphrase the caller provides), export the public key
- readiness: everything that stops a project or a draft from being packed, each with a code
- pack: a quick plan (project, rules, key, output), validation, writing; or all in one call
- verify: many bundles, each isolated; the acceptance rule
- validate: data files against a schema or catalogue entry, and the reports
- catalogue: match a file's header, draft a schema
- demo: pack and verify the sample submission

Long calls follow the progress and cancel contract of core.common.progress. A passphrase is asked
for through the caller's provider before long work starts, on the caller's thread.
"""
