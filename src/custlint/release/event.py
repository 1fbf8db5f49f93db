"""REV from the GitHub Actions event, for ``custlint release`` run by the action without a REV:
a successful production ``deployment_status``, a published ``release``, or a tag ``push``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FromEvent:
    rev: str = ""
    environment: str = ""
    deploy_id: str = ""
    time: str = ""
    skip: str = ""  # why this event is no production release (then nothing is done)


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def from_event(ci, cfg) -> FromEvent | None:
    """None outside GitHub Actions (or without a payload); else REV or why there is none."""
    if not ci.github_actions or not ci.event_path:
        return None
    from custlint.sources.github_event import load_payload

    payload = load_payload(ci.event_path)
    name = ci.event_name
    envs = [e.lower() for e in cfg.production.environments]
    if name == "deployment_status":
        status = _dict(payload.get("deployment_status"))
        dep = _dict(payload.get("deployment"))
        env = str(dep.get("environment") or status.get("environment") or "")
        if status.get("state") != "success":
            return FromEvent(
                skip=f"the deployment status is {status.get('state')!r}, not success: nothing reached production"
            )
        if env.lower() not in envs:
            return FromEvent(skip=f"the deployment is to {env!r}, not a production environment ({', '.join(envs)})")
        sha = dep.get("sha")
        if not isinstance(sha, str) or not sha:
            return FromEvent(skip="the deployment names no commit (deployment.sha)")
        return FromEvent(
            sha, env, str(dep.get("id") or ""), str(status.get("created_at") or status.get("updated_at") or "")
        )
    if name == "release":
        rel = _dict(payload.get("release"))
        if payload.get("action") not in ("published", "released"):
            return FromEvent(skip=f"the release was {payload.get('action')!r}, not published")
        if rel.get("prerelease") or rel.get("draft"):
            return FromEvent(skip="a draft or pre-release is not production")
        tag = rel.get("tag_name")
        if not isinstance(tag, str) or not tag:
            return FromEvent(skip="the release names no tag")
        return FromEvent(
            tag, envs[0] if envs else "production", str(rel.get("id") or tag), str(rel.get("published_at") or "")
        )
    if name == "push":
        ref = payload.get("ref")
        if isinstance(ref, str) and ref.startswith("refs/tags/"):
            tag = ref[len("refs/tags/") :]
            import fnmatch

            if not any(fnmatch.fnmatchcase(tag, p) for p in cfg.production.release_tags):
                return FromEvent(skip=f"tag {tag!r} matches no production.release-tags pattern")
            return FromEvent(tag, envs[0] if envs else "production", tag)
        return FromEvent(skip=f"the push is to {ref!r}, not a release tag")
    return FromEvent(
        skip=f"a {name or 'unknown'} event is no production release (run on deployment_status, release or a tag push)"
    )
