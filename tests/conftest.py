import pytest


@pytest.fixture(scope="session")
def nlp():
    from tacitus.nlp import load_model

    return load_model()
