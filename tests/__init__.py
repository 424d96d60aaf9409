import pytest

# The shared test cases live outside test modules; their asserts explain themselves too.
pytest.register_assert_rewrite("tests.generic", "tests.content")
