"""The API documentation page works offline and under the Content-Security-Policy."""

from playwright.sync_api import expect


def test_api_docs_render_the_schema_without_policy_violations(session, e2e_world):
    session.sign_in("org_admin")
    session.open("/api/v1/docs/")
    expect(session.page.locator(".swagger-ui .info .title")).to_contain_text("Skilled Township API")
    expect(session.page.locator("#operations-tag-cadres")).to_be_visible()
    assert not [e for e in session.console_errors if "Content Security Policy" in e], session.console_errors
    assert session.foreign_requests == []
