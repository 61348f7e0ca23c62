# NLU (Rasa) targets. The Makefile includes this file: `include nlu/nlu.mk`.
# Rasa 3.6 needs Python 3.10 and pins that clash with the app, so it gets its own venv in nlu/.venv.
# The stamp is the same file `vet2b nlu train/serve` checks (nlu/server.py), so either route installs once.

NLU_PYTHON ?= $(shell scripts/find-python.sh 3.10)
NLU_VENV   := nlu/.venv
NLU_STAMP  := $(NLU_VENV)/.installed

.PHONY: nlu-venv nlu-train nlu-start nlu-stop

$(NLU_STAMP): nlu/requirements.txt nlu/constraints.txt | $(STAMP)
	@$(VET2B) nlu install

nlu-venv: $(NLU_STAMP)  ## the Rasa virtual environment (Python 3.10)

nlu-train: install nlu-venv  ## train the NLU model if its data or config changed
	@$(VET2B) nlu train

nlu-start: nlu-train  ## start the Rasa server in the background (RASA_URL), wait until it is ready
	@$(VET2B) nlu start

nlu-stop: install  ## stop the Rasa server started by nlu-start
	@$(VET2B) nlu stop
