"""kpd workbench: the pages the notice's people use, in Chinese, over the services' APIs."""
