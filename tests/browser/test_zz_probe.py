import time, pytest
from playwright.sync_api import expect
from tests.browser.helpers import sign_in, sign_out
pytestmark = pytest.mark.browser
def test_probe(page, make_user, email_of, live_server):
    e=email_of(make_user(role="administrator"))
    t=time.time(); page.goto("/login"); print("goto", time.time()-t)
    t=time.time(); sign_in(page, e, "wrong-password"); print("sign_in wrong", time.time()-t)
    t=time.time(); expect(page.get_by_role("alert")).to_be_visible(); print("alert", time.time()-t)
    t=time.time(); sign_in(page, e); print("sign_in", time.time()-t)
    t=time.time(); page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Users", exact=True).click(); print("click", time.time()-t)
    t=time.time(); expect(page.get_by_role("link", name="Users", exact=True)).to_have_attribute("aria-current", "page"); print("expect", time.time()-t)
    t=time.time(); sign_out(page); print("sign_out", time.time()-t)
