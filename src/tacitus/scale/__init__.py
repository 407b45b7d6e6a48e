"""Scale-out runners (optional extras; the core never imports this package).

    pip install 'tacitus[dask]'
    from tacitus.scale.dask_runner import run
"""
